"""The pii family: secrets (P001, errors) and personal data (P002-P006, warnings) in every
text of an example, with their spans; masked on export with ``--mask-pii``. See docs/pii.md."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from curator.core.families.pii.codes import CODE_KINDS, CODES, KIND_CODES
from curator.core.families.pii.hits import PLACEHOLDERS, Hit
from curator.core.families.pii.mask import Span, digest, mask_value
from curator.core.families.pii.prefilter import flagged
from curator.core.families.pii.scan import Options, scan, texts_of
from curator.core.families.pii.settings import PiiSettings
from curator.core.families.pii.state import Entry, PiiState
from curator.core.families.protocol import (
    Conclusion,
    Family,
    FileFacts,
    RowCheck,
    RowContext,
    Run,
)
from curator.core.model.codes import make
from curator.core.model.columns import Columns
from curator.core.model.findings import code_matches
from curator.core.model.settings import Settings

ADVICE = {
    "secret": "a credential must never be trained on (a model can repeat it): revoke it, "
              "then remove it, or export with --mask-pii to write {p} in its place",
    "personal": "personal data a model can learn and repeat: remove it, or export with "
                "--mask-pii to write {p} in its place",
}


def message(hit: Hit) -> str:
    """What was found, shown with its middle masked, and what to do."""
    advice = ADVICE["secret" if hit.kind == "secret" else "personal"]
    return f"{hit.label} ({hit.shown}): " + advice.format(p=f"[{PLACEHOLDERS[hit.kind]}_n]")


class PiiCheck(RowCheck):
    """Each example's texts go through the pre-filter (:func:`flagged`); the flagged ones are
    scanned field by field. The payload is ``(examples, {index: entry})``: an entry for each
    example with something, most have nothing."""

    def __init__(self, run: Run) -> None:
        super().__init__()
        settings = run.settings.of(PiiSettings)
        self.options = Options(settings.pii_phone_regions, settings.pii_private_ips)
        self.examples = 0  # examples already looked at
        self.entries: dict[int, Entry] = {}

    def row(self, ctx: RowContext) -> None:
        value = ctx.value
        index = self.examples
        self.examples += 1
        if "rejected" in value or "non_preferred_output" in value:  # not in ``ctx.texts``
            text = texts_of(value)
        else:
            text = "\n".join(text for _, text in ctx.texts)  # made already, for every family
        if not flagged(text, self.options.private_ips):
            return
        # each field's own signs pick its detectors (``ctx.texts`` holds tool calls as Python
        # reprs, whose call ids look like keys: the fields are read from the value)
        hits, marks = scan(value, self.options)
        if hits or marks:
            self.entries[index] = (self._spans(ctx, hits), marks)

    @staticmethod
    def _spans(ctx: RowContext, hits: list[tuple[str, Hit]]) -> tuple[Span, ...]:
        spans = []
        for path, hit in hits:
            ctx.findings.append(make(KIND_CODES[hit.kind], ctx.line, message(hit), path,
                                     span=(hit.start, hit.end)))
            spans.append(Span(path, hit.start, hit.end, hit.kind, digest(hit.kind, hit.value)))
        return tuple(spans)

    def payload(self) -> Any:
        return self.examples, self.entries


def masked_kinds(settings: Settings) -> frozenset[str]:
    """The kinds a masked export replaces: those whose codes the run reports."""
    core = settings.core
    return frozenset(kind for code, kind in CODE_KINDS.items()
                     if code_matches(code, core.select) and not (
                         core.ignore and code_matches(code, core.ignore)))


class Pii(Family):
    name = "pii"
    codes = CODES
    settings = PiiSettings
    doc = "docs/pii.md"
    export_exempt = frozenset({"P001"})  # kept, masked, with --mask-pii

    def start(self, run: Run) -> RowCheck:
        return PiiCheck(run)

    def conclude(self, facts: FileFacts) -> Conclusion:
        return PiiState(facts.columns.index.tolist(), facts.payloads)

    def export_drops(self, conclusion: Conclusion, columns: Columns,
                     settings: Settings) -> dict[int, str]:
        if (settings.of(PiiSettings).mask_pii or not isinstance(conclusion, PiiState)
                or "secret" not in masked_kinds(settings)):
            return {}
        return {line: "error: P001 a secret (API key, token or private key); export with "
                      "--mask-pii to keep the example with [SECRET_n] in its place"
                for line in conclusion.spans if conclusion.spans_of(line, frozenset({"secret"}))}

    def export_value(self, value: dict[str, Any], line: int, conclusion: Conclusion,
                     settings: Settings) -> dict[str, Any]:
        if not settings.of(PiiSettings).mask_pii or not isinstance(conclusion, PiiState):
            return value
        kinds = masked_kinds(settings)
        spans = conclusion.spans_of(line, kinds)
        if not spans:
            return value
        return mask_value(value, spans, conclusion.book(kinds))[0]

    def export_notes(self, conclusion: Conclusion, lines: Sequence[int],
                     settings: Settings) -> dict[str, Any]:
        if not settings.of(PiiSettings).mask_pii or not isinstance(conclusion, PiiState):
            return {}
        notes = conclusion.notes(lines, masked_kinds(settings))
        masked = ", ".join(f"{n:,} {kind}" for kind, n in notes["masked"].items())
        notes["summary"] = (f"masked {masked} on {len(notes['lines']):,} line(s)" if masked
                            else "nothing to mask")
        return notes


FAMILY = Pii()
