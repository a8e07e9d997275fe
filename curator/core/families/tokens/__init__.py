"""The tokens family: every example's tokens (per role, trained), the target's limit (T001),
length outliers (O001, O002) and near-empty replies (O003). See docs/tokens.md."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from curator.core.families.protocol import (
    Column,
    Conclusion,
    Family,
    FileFacts,
    RowCheck,
    RowContext,
    Run,
    StaticConclusion,
)
from curator.core.families.templates import setup_of
from curator.core.families.tokens.codes import CODES
from curator.core.families.tokens.counter import COLUMNS as ROLE_COLUMNS
from curator.core.families.tokens.counter import ID_CODE as ID_CODE  # the ids' array type
from curator.core.families.tokens.counter import (
    Encoder,
    ExampleTokens,
    Segment,
    TokenCounter,
    counter_for,
)
from curator.core.families.tokens.lengths import (
    NEAR_EMPTY_TOKENS,
    Counts,
    Fences,
    fences_of,
    length_counts,
    merged_counts,
    near_empty,
    outliers,
    over_limit,
)
from curator.core.families.tokens.settings import TokenSettings
from curator.core.model.columns import Columns
from curator.core.model.findings import Finding
from curator.core.model.settings import Settings
from curator.core.model.shapes import is_chat

TOKEN_IDS = "token_ids"  # a request: the roles whose token ids a later family wants
TOKEN_SEGMENTS = "token_segments"  # a request: the same, message by message
COLUMNS = tuple(Column(name) for name in (
    "total", "trained", "messages", *ROLE_COLUMNS, "shortest_reply", "shortest_reply_at"))


@dataclass(frozen=True)
class Counting:
    """What a run counts tokens with, for people: the encoding or tokenizer, whether the
    counts are the model's own, and for an open model the chat template it renders with."""

    encoding: str
    exact: bool
    template: str = ""  # where the chat template comes from ("" for OpenAI's formula)
    markers: bool = False  # the template marks what is trained
    max_length: int = 0  # TRL's max_length (0: none)


def counting_of(settings: Settings) -> Counting:
    """An open model's tokenizer and template (the templates family's), else the target's
    encoding, else o200k_base."""
    setup = setup_of(settings)
    if setup is not None:
        return Counting(setup.label, setup.tokenizer.exact, setup.template_name if
                        setup.template else "", setup.markers, setup.max_length)
    target = settings.core.target
    if target is None:
        return Counting("o200k_base", True)
    return Counting(target.encoding, target.exact_tokens)


def tokenizer_of(settings: Settings) -> str | Encoder:
    """What the tokens family encodes texts with: an open model's tokenizer, else the name
    of an OpenAI encoding (the contamination family tokenizes evaluation files alike)."""
    setup = setup_of(settings)
    return setup.tokenizer if setup else counting_of(settings).encoding


def encoding_of(settings: Settings) -> str:
    """What a run counts with, in a few words (also a key: runs with the same one count
    alike)."""
    counting = counting_of(settings)
    if counting.template:
        return f"{counting.encoding}, {counting.template}"
    return counting.encoding


class TokenCheck(RowCheck):
    def __init__(self, run: Run) -> None:
        super().__init__(COLUMNS)
        self.counter = counter_for(tokenizer_of(run.settings))
        self.counter.forget()
        self.wanted: frozenset[str] = run.requests.get(TOKEN_IDS, frozenset())
        segmented: frozenset[str] = run.requests.get(TOKEN_SEGMENTS, frozenset())
        self.counter.capture = self.wanted | segmented
        self.segmented = bool(segmented)
        self.filter = self.counter.capture != self.wanted  # ids captured for segments only
        self.target = run.settings.core.target
        self.chat = is_chat(run.shape)

    def row(self, ctx: RowContext) -> None:
        counter = self.counter
        tokens = counter.example(ctx.value, ctx.shape)
        rendered = ctx.outputs.get("templates")  # (total, trained) of an open model's chat
        if rendered is not None:  # as TRL renders and masks it (templates.rendered_counts)
            tokens.total, tokens.trained = rendered
        self.add(tokens.total, tokens.trained, tokens.messages, *tokens.roles,
                 tokens.shortest_reply, tokens.shortest_reply_at)
        if not counter.capture:
            ctx.outputs["tokens"] = (tokens, None, None)
        else:
            ids = _only(counter, self.wanted) if self.filter else counter.captured
            ctx.outputs["tokens"] = (tokens, ids, (counter.captured, counter.segments)
                                     if self.segmented else None)
        self._findings(ctx, tokens)

    def summary(self, columns: dict[str, np.ndarray | list[Any]]) -> Counts:
        """How many of the chunk's examples have each length (for the outlier fences)."""
        return length_counts(columns["total"])

    def _findings(self, ctx: RowContext, tokens: ExampleTokens) -> None:
        if self.target is not None and tokens.total > self.target.token_limit:
            ctx.findings.append(over_limit(ctx.line, tokens.total, self.target))
        if 1 <= tokens.shortest_reply <= NEAR_EMPTY_TOKENS:
            ctx.findings.append(near_empty(ctx.line, tokens.shortest_reply,
                                           tokens.shortest_reply_at, self.chat))


class LengthOutliers(StaticConclusion):
    """Rows far from the file's typical length: the fences of the last full check, found
    from the chunks' counts of each length (given none, from the column's)."""

    def __init__(self, columns: Columns, summaries: Sequence[Counts] | None = None) -> None:
        counts = (length_counts(columns["total"]) if summaries is None
                  else merged_counts(summaries))
        self.bounds: Fences | None = fences_of(counts)
        self.examples = len(columns)
        super().__init__(columns)

    def judge(self, columns: Columns) -> list[Finding]:
        return outliers(columns, self.bounds, self.examples) if self.bounds else []


class Tokens(Family):
    name = "tokens"
    codes = CODES
    columns = COLUMNS
    settings = TokenSettings
    reads = ("templates",)  # an open model's tokenizer and rendered counts
    slow_start = True  # building the o200k tokenizer: 0.2-0.3 s
    doc = "docs/tokens.md"
    export_exempt = frozenset({"T001"})  # over the limit: dropped unless keep_over_limit

    def start(self, run: Run) -> RowCheck:
        return TokenCheck(run)

    def conclude(self, facts: FileFacts) -> Conclusion:
        return LengthOutliers(facts.columns, facts.summaries)

    def export_drops(self, conclusion: Conclusion, columns: Columns,
                     settings: Settings) -> dict[int, str]:
        target = settings.core.target
        if target is None or settings.of(TokenSettings).keep_over_limit or not len(columns):
            return {}
        over = columns.index[columns["total"] > target.token_limit]
        reason = (f"over limit: more than the {target.token_limit:,} tokens {target.name} "
                  "takes")
        return {int(line): reason for line in over}


def example_tokens(outputs: dict[str, Any]) -> tuple[ExampleTokens, array[int] | None]:
    """What this family published about a row: its counts, and the token ids asked for
    (``TOKEN_IDS``)."""
    tokens, ids, _ = outputs["tokens"]
    return tokens, ids


def token_segments(outputs: dict[str, Any]) -> tuple[array[int], list[Segment]]:
    """The ids of the texts asked for with ``TOKEN_SEGMENTS`` (and ``TOKEN_IDS``), back to
    back, and where each text was; empty when none were asked for."""
    found: tuple[array[int], list[Segment]] | None = outputs["tokens"][2]
    return found if found is not None else (array(ID_CODE), [])


def _only(counter: TokenCounter, roles: frozenset[str]) -> array[int]:
    """The captured ids of the texts of ``roles`` (another family asked for more)."""
    ids = counter.captured
    out = array(ID_CODE)
    at = 0
    for _, _, role, n in counter.segments:
        if role in roles:
            out += ids[at:at + n]
        at += n
    return out


FAMILY = Tokens()
