"""The narrow surface of the core that the CLI and the app import from (nothing else of it).

Import-linter holds them to it (pyproject.toml); anything they need is named here.
"""

from __future__ import annotations

from curator.core.analysis.breakeven import BreakEven, MissingPricesError, break_even
from curator.core.analysis.cost import CostEstimate, default_epochs, dollars, estimate
from curator.core.analysis.stats import (
    Distribution,
    Histogram,
    histogram,
    integer_histogram,
    summarize,
)
from curator.core.analysis.verdict import difference, months, prices, signed, verdict, volume
from curator.core.analysis.workload import (
    DEFAULT_HORIZON_MONTHS,
    Option,
    RequestTokens,
    Workload,
    request_tokens,
)
from curator.core.engine.events import Event, WorkspaceEvents
from curator.core.engine.pipeline import (
    Analysis,
    Progress,
    families_for,
    finish,
    validate_dataset,
    validate_path,
    warm_up,
)
from curator.core.engine.pool import fork_workers
from curator.core.engine.recovery import (
    JournalInfo,
    RecoveryError,
    journal_info,
    remove_journal,
    restore_journal,
    write_journal,
)
from curator.core.engine.settings import (
    default_settings,
    flag,
    load_settings,
    sections,
    targets_of,
)
from curator.core.engine.workspace import Workspace
from curator.core.export.files import (
    Prepared,
    export,
    manifest_path,
    output_paths,
    prepare,
)
from curator.core.export.plan import ExportOptions
from curator.core.export.readers import (
    FORMATS,
    Converted,
    FormatError,
    detect_format,
    read_jsonl,
    read_table,
)
from curator.core.export.writers import TARGETS
from curator.core.families import named, registered
from curator.core.families.duplicates.clusters import Cluster
from curator.core.families.duplicates.plan import KEEP_RULES, Drop, plan_drops
from curator.core.families.duplicates.settings import DuplicateSettings
from curator.core.families.duplicates.state import DuplicateState, Group
from curator.core.families.language import Languages
from curator.core.families.language.expected import name as language_name
from curator.core.families.protocol import Conclusion, Family, same_line
from curator.core.families.templates.settings import TemplateSettings
from curator.core.families.templates.setup import for_target
from curator.core.families.templates.view import TemplateView, template_view
from curator.core.families.tokens import Counting, LengthOutliers, counting_of, encoding_of
from curator.core.families.tokens.counter import COLUMNS as ROLES
from curator.core.families.tokens.counter import IMAGE_TOKENS, get_encoding
from curator.core.families.tokens.lengths import Fences
from curator.core.model.codes import CODES, Code, markdown_table
from curator.core.model.dataset import Dataset, Row
from curator.core.model.findings import SEVERITY_ORDER, FileReport, Finding, Severity
from curator.core.model.jsonl import (
    WriteError,
    is_device,
    iter_lines,
    parse_line,
    write_atomic,
    write_atomic_all,
)
from curator.core.model.parts import ALL_PARTS, MISSING, get_at, row_texts, with_part
from curator.core.model.paths import path_text
from curator.core.model.render import RENDERERS, counted
from curator.core.model.resources import resource_path
from curator.core.model.settings import (
    CoreSettings,
    Section,
    Settings,
    SettingsError,
    extra,
    fields_of,
)
from curator.core.model.shapes import SHAPES, PartSpec, Shape
from curator.core.model.targets import Target, TargetError, find_target, load_targets

__all__ = [
    "ALL_PARTS",
    "CODES",
    "DEFAULT_HORIZON_MONTHS",
    "FORMATS",
    "IMAGE_TOKENS",
    "KEEP_RULES",
    "MISSING",
    "RENDERERS",
    "ROLES",
    "SEVERITY_ORDER",
    "SHAPES",
    "TARGETS",
    "Analysis",
    "BreakEven",
    "Cluster",
    "Code",
    "Conclusion",
    "Converted",
    "CoreSettings",
    "CostEstimate",
    "Counting",
    "Dataset",
    "Distribution",
    "Drop",
    "DuplicateSettings",
    "DuplicateState",
    "Event",
    "ExportOptions",
    "Family",
    "Fences",
    "FileReport",
    "Finding",
    "FormatError",
    "Group",
    "Histogram",
    "JournalInfo",
    "Languages",
    "LengthOutliers",
    "MissingPricesError",
    "Option",
    "PartSpec",
    "Prepared",
    "Progress",
    "RecoveryError",
    "RequestTokens",
    "Row",
    "Section",
    "Settings",
    "SettingsError",
    "Severity",
    "Shape",
    "Target",
    "TargetError",
    "TemplateSettings",
    "TemplateView",
    "Workload",
    "Workspace",
    "WorkspaceEvents",
    "WriteError",
    "break_even",
    "counted",
    "counting_of",
    "default_epochs",
    "default_settings",
    "detect_format",
    "difference",
    "dollars",
    "encoding_of",
    "estimate",
    "export",
    "extra",
    "families_for",
    "fields_of",
    "find_target",
    "finish",
    "flag",
    "for_target",
    "fork_workers",
    "get_at",
    "get_encoding",
    "histogram",
    "integer_histogram",
    "is_device",
    "iter_lines",
    "journal_info",
    "language_name",
    "load_settings",
    "load_targets",
    "manifest_path",
    "markdown_table",
    "months",
    "named",
    "output_paths",
    "parse_line",
    "path_text",
    "plan_drops",
    "prepare",
    "prices",
    "read_jsonl",
    "read_table",
    "registered",
    "remove_journal",
    "request_tokens",
    "resource_path",
    "restore_journal",
    "row_texts",
    "same_line",
    "sections",
    "signed",
    "summarize",
    "targets_of",
    "template_view",
    "validate_dataset",
    "validate_path",
    "verdict",
    "volume",
    "warm_up",
    "with_part",
    "write_atomic",
    "write_atomic_all",
    "write_journal",
]
