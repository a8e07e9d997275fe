"""The narrow surface of the core that the CLI and the app import from (nothing else of it).

Import-linter holds them to it (pyproject.toml); anything they need is named here. Names
load on first use (PEP 562), so a command imports only the machinery it runs: checking a
file never loads the cost tables, the exporters or pandas.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# module -> the names it gives the surface ("name:alias" where the surface renames one)
_SURFACE = {
    "curator.core.analysis.breakeven": "BreakEven MissingPricesError break_even",
    "curator.core.analysis.cost": "CostEstimate default_epochs dollars estimate",
    "curator.core.analysis.stats": "Distribution Histogram histogram integer_histogram summarize",
    "curator.core.analysis.verdict": "difference months prices signed verdict volume",
    "curator.core.analysis.workload": (
        "DEFAULT_HORIZON_MONTHS Option RequestTokens Workload "
        "request_tokens"),
    "curator.core.engine.dask_engine": "ClusterError start_forkserver",
    "curator.core.engine.events": "Event WorkspaceEvents",
    "curator.core.engine.pipeline": (
        "Analysis Progress families_for finish validate_dataset "
        "validate_path warm_up"),
    "curator.core.engine.pool": "background_workers fork_workers stop_workers",
    "curator.core.engine.recovery": (
        "JournalInfo RecoveryError journal_info remove_journal "
        "restore_journal write_journal"),
    "curator.core.engine.settings": "default_settings flag load_settings sections targets_of",
    "curator.core.engine.workspace": "Workspace",
    "curator.core.export.files": "Prepared export manifest_path output_paths prepare",
    "curator.core.export.outputs": "OutputError clear_manifest guard_outputs listed_outputs",
    "curator.core.export.plan": "ExportOptions",
    "curator.core.export.readers": (
        "CONVERTIBLE Converted FORMATS FormatError TABLES detect_format read_jsonl read_table"),
    "curator.core.export.verify": "Checked ManifestError verify_manifest",
    "curator.core.export.writers": "TARGETS",
    "curator.core.families": "named registered",
    "curator.core.families.contamination": "ContaminationState Match",
    "curator.core.families.contamination.evalset": "item_example",
    "curator.core.families.duplicates.clusters": "Cluster",
    "curator.core.families.duplicates.plan": "Drop KEEP_RULES plan_drops",
    "curator.core.families.duplicates.settings": "DuplicateSettings",
    "curator.core.families.duplicates.state": "DuplicateState Group",
    "curator.core.families.language": "Languages",
    "curator.core.families.language.expected": "language_name",
    "curator.core.families.pii.codes": "CODE_KINDS:PII_KINDS",
    "curator.core.families.pii.mask": "Book:PlaceholderBook mask_value text_at",
    "curator.core.families.pii.settings": "PiiSettings",
    "curator.core.families.pii.state": "PiiState",
    "curator.core.families.protocol": "Conclusion Family same_line",
    "curator.core.families.templates.settings": "TemplateSettings",
    "curator.core.families.templates.setup": "for_target",
    "curator.core.families.templates.view": "TemplateView template_view",
    "curator.core.families.tokens": "Counting LengthOutliers counting_of encoding_of",
    "curator.core.families.tokens.counter": "IMAGE_TOKENS ROLES get_encoding",
    "curator.core.families.tokens.lengths": "Fences",
    "curator.core.model.codes": "CODES Code markdown_table",
    "curator.core.model.crash": "describe write_crash_report",
    "curator.core.model.dataset": "Dataset Row",
    "curator.core.model.findings": "FileReport Finding SEVERITY_ORDER Severity",
    "curator.core.model.inputs": (
        "SPOOL_LIMIT InputError Source SourceChangedError hashed_lines input_kind open_input "
        "sha256_of"),
    "curator.core.model.jsonl": (
        "WriteError is_device iter_lines parse_line write_atomic "
        "write_atomic_all"),
    "curator.core.model.locations": "LocationError is_url",
    "curator.core.model.parts": "ALL_PARTS MISSING first_text get_at row_texts with_part",
    "curator.core.model.paths": "path_text",
    "curator.core.model.render": "RENDERERS counted",
    "curator.core.model.resources": "resource_path",
    "curator.core.model.settings": "CoreSettings Section Settings SettingsError extra fields_of",
    "curator.core.model.shapes": "PartSpec SHAPES Shape",
    "curator.core.model.targets": "Target TargetError find_target load_targets",
}
_WHERE = {alias: (module, name) for module, names in _SURFACE.items()
          for name, _, alias in (item.partition(":") for item in names.split())
          for alias in (alias or name,)}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    """Load a name of the surface on first use (PEP 562)."""
    try:
        module, attribute = _WHERE[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # the same names, for type checkers and import-linter
    from curator.core.analysis.breakeven import (
        BreakEven as BreakEven, MissingPricesError as MissingPricesError, break_even as break_even,
    )
    from curator.core.analysis.cost import (
        CostEstimate as CostEstimate, default_epochs as default_epochs, dollars as dollars,
        estimate as estimate,
    )
    from curator.core.analysis.stats import (
        Distribution as Distribution, Histogram as Histogram, histogram as histogram,
        integer_histogram as integer_histogram, summarize as summarize,
    )
    from curator.core.analysis.verdict import (
        difference as difference, months as months, prices as prices, signed as signed,
        verdict as verdict, volume as volume,
    )
    from curator.core.analysis.workload import (
        DEFAULT_HORIZON_MONTHS as DEFAULT_HORIZON_MONTHS, Option as Option,
        RequestTokens as RequestTokens, Workload as Workload, request_tokens as request_tokens,
    )
    from curator.core.engine.dask_engine import (
        ClusterError as ClusterError, start_forkserver as start_forkserver,
    )
    from curator.core.engine.events import Event as Event, WorkspaceEvents as WorkspaceEvents
    from curator.core.engine.pipeline import (
        Analysis as Analysis, Progress as Progress, families_for as families_for, finish as finish,
        validate_dataset as validate_dataset, validate_path as validate_path, warm_up as warm_up,
    )
    from curator.core.engine.pool import (
        background_workers as background_workers, fork_workers as fork_workers,
        stop_workers as stop_workers,
    )
    from curator.core.engine.recovery import (
        JournalInfo as JournalInfo, RecoveryError as RecoveryError, journal_info as journal_info,
        remove_journal as remove_journal, restore_journal as restore_journal,
        write_journal as write_journal,
    )
    from curator.core.engine.settings import (
        default_settings as default_settings, flag as flag, load_settings as load_settings,
        sections as sections, targets_of as targets_of,
    )
    from curator.core.engine.workspace import Workspace as Workspace
    from curator.core.export.files import (
        Prepared as Prepared, export as export, manifest_path as manifest_path,
        output_paths as output_paths, prepare as prepare,
    )
    from curator.core.export.outputs import (
        OutputError as OutputError, clear_manifest as clear_manifest,
        guard_outputs as guard_outputs, listed_outputs as listed_outputs,
    )
    from curator.core.export.plan import ExportOptions as ExportOptions
    from curator.core.export.readers import (
        CONVERTIBLE as CONVERTIBLE, Converted as Converted, FORMATS as FORMATS,
        FormatError as FormatError, TABLES as TABLES, detect_format as detect_format,
        read_jsonl as read_jsonl, read_table as read_table,
    )
    from curator.core.export.verify import (
        Checked as Checked, ManifestError as ManifestError, verify_manifest as verify_manifest,
    )
    from curator.core.export.writers import TARGETS as TARGETS
    from curator.core.families import named as named, registered as registered
    from curator.core.families.contamination import (
        ContaminationState as ContaminationState, Match as Match,
    )
    from curator.core.families.contamination.evalset import item_example as item_example
    from curator.core.families.duplicates.clusters import Cluster as Cluster
    from curator.core.families.duplicates.plan import (
        Drop as Drop, KEEP_RULES as KEEP_RULES, plan_drops as plan_drops,
    )
    from curator.core.families.duplicates.settings import DuplicateSettings as DuplicateSettings
    from curator.core.families.duplicates.state import (
        DuplicateState as DuplicateState, Group as Group,
    )
    from curator.core.families.language import Languages as Languages
    from curator.core.families.language.expected import language_name as language_name
    import curator.core.families.pii.codes as _pii_codes
    import curator.core.families.pii.mask as _pii_mask
    from curator.core.families.pii.mask import mask_value as mask_value, text_at as text_at
    from curator.core.families.pii.settings import PiiSettings as PiiSettings
    from curator.core.families.pii.state import PiiState as PiiState
    from curator.core.families.protocol import (
        Conclusion as Conclusion, Family as Family, same_line as same_line,
    )
    from curator.core.families.templates.settings import TemplateSettings as TemplateSettings
    from curator.core.families.templates.setup import for_target as for_target
    from curator.core.families.templates.view import (
        TemplateView as TemplateView, template_view as template_view,
    )
    from curator.core.families.tokens import (
        Counting as Counting, LengthOutliers as LengthOutliers, counting_of as counting_of,
        encoding_of as encoding_of,
    )
    from curator.core.families.tokens.counter import (
        IMAGE_TOKENS as IMAGE_TOKENS, ROLES as ROLES, get_encoding as get_encoding,
    )
    from curator.core.families.tokens.lengths import Fences as Fences
    from curator.core.model.codes import (
        CODES as CODES, Code as Code, markdown_table as markdown_table,
    )
    from curator.core.model.crash import (
        describe as describe, write_crash_report as write_crash_report,
    )
    from curator.core.model.dataset import Dataset as Dataset, Row as Row
    from curator.core.model.findings import (
        FileReport as FileReport, Finding as Finding, SEVERITY_ORDER as SEVERITY_ORDER,
        Severity as Severity,
    )
    from curator.core.model.inputs import (
        SPOOL_LIMIT as SPOOL_LIMIT, InputError as InputError, Source as Source,
        SourceChangedError as SourceChangedError, hashed_lines as hashed_lines,
        input_kind as input_kind, open_input as open_input, sha256_of as sha256_of,
    )
    from curator.core.model.jsonl import (
        WriteError as WriteError, is_device as is_device, iter_lines as iter_lines,
        parse_line as parse_line, write_atomic as write_atomic,
        write_atomic_all as write_atomic_all,
    )
    from curator.core.model.locations import LocationError as LocationError, is_url as is_url
    from curator.core.model.parts import (
        ALL_PARTS as ALL_PARTS, MISSING as MISSING, first_text as first_text, get_at as get_at,
        row_texts as row_texts, with_part as with_part,
    )
    from curator.core.model.paths import path_text as path_text
    from curator.core.model.render import RENDERERS as RENDERERS, counted as counted
    from curator.core.model.resources import resource_path as resource_path
    from curator.core.model.settings import (
        CoreSettings as CoreSettings, Section as Section, Settings as Settings,
        SettingsError as SettingsError, extra as extra, fields_of as fields_of,
    )
    from curator.core.model.shapes import PartSpec as PartSpec, SHAPES as SHAPES, Shape as Shape
    from curator.core.model.targets import (
        Target as Target, TargetError as TargetError, find_target as find_target,
        load_targets as load_targets,
    )

    PII_KINDS = _pii_codes.CODE_KINDS
    PlaceholderBook = _pii_mask.Book
