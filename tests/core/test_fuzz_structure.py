"""Well-formed JSON of the wrong types, in every field a check reads, never crashes a check.

Random bytes (test_pipeline) seldom parse; these lines always do, shaped like the examples of
every supported format, with any JSON value where a string, list or number belongs.
"""

from __future__ import annotations

from pathlib import Path

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curator.core.engine.pipeline import finish, validate_dataset, validate_path
from curator.core.engine.settings import default_settings
from curator.core.export.files import ExportOptions, export
from curator.core.export.writers import TARGETS
from curator.core.model.dataset import Dataset
from curator.core.model.schema import Shape
from datagen.synth import chat_lines

scalars = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.floats(allow_nan=False),
                    st.text(max_size=8))
anything = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=6)
roles = st.one_of(st.sampled_from(["system", "user", "assistant", "tool", "developer"]),
                  anything)
call = st.fixed_dictionaries({}, optional={
    "id": anything, "type": st.one_of(st.just("function"), anything),
    "function": st.one_of(anything, st.fixed_dictionaries(
        {}, optional={"name": st.one_of(st.text(max_size=5), anything),
                      "arguments": st.one_of(st.text(max_size=10), anything)}))})
part = st.one_of(anything, st.fixed_dictionaries(
    {"type": st.sampled_from(["text", "image_url", "input_audio"])},
    optional={"text": st.one_of(st.text(max_size=10), anything), "image_url": anything}))
message = st.one_of(anything, st.fixed_dictionaries({"role": roles}, optional={
    "content": st.one_of(st.text(max_size=20), st.lists(part, max_size=3), anything),
    "name": st.one_of(st.text(max_size=5), anything),
    "weight": st.one_of(st.sampled_from([0, 1]), anything),
    "tool_calls": st.one_of(st.lists(call, max_size=2), anything),
    "tool_call_id": anything}))
messages = st.one_of(st.lists(message, max_size=4), anything)
chat = st.fixed_dictionaries({"messages": messages}, optional={"tools": anything})
preference = st.fixed_dictionaries({}, optional={
    "input": st.one_of(anything, st.fixed_dictionaries({"messages": messages},
                                                       optional={"tools": anything})),
    "preferred_output": messages, "non_preferred_output": messages})
text_or_messages = st.one_of(st.text(max_size=20), messages)
trl = st.fixed_dictionaries({}, optional={
    "prompt": text_or_messages, "completion": text_or_messages,
    "chosen": text_or_messages, "rejected": text_or_messages})
examples = st.one_of(chat, preference, trl, anything)


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(examples, min_size=1, max_size=6),
       st.sampled_from([s for s in Shape if s is not Shape.UNKNOWN]),
       st.sampled_from(TARGETS))
def test_wrong_types_anywhere_give_findings_not_crashes(
    tmp_path: Path, values: list[object], shape: Shape, to: str
) -> None:
    path = tmp_path / "typed.jsonl"
    path.write_bytes(b"\n".join(orjson.dumps(v) for v in values) + b"\n")
    for options in (default_settings(), default_settings(shape=shape)):
        analysis = finish(validate_path(path, options))
        assert analysis.report.examples == len(values)
        for finding in analysis.report.findings:
            assert finding.message and finding.code
        opened = finish(validate_dataset(Dataset.open(path), options))  # the app's way
        assert opened.report.findings == analysis.report.findings
        manifest = export(path, analysis, tmp_path / "out.jsonl", ExportOptions(to=to))
        written = sum(manifest["counts"]["written"].values())
        assert written + manifest["counts"]["excluded"] == len(values)


@settings(max_examples=100, deadline=None)
@given(st.lists(examples, min_size=1, max_size=4))
def test_wrong_types_put_in_by_an_edit_are_rechecked_like_a_full_check(
    values: list[object]
) -> None:
    """The app re-checks only the edited row; it must neither crash nor disagree with a fresh
    check of the whole file. Length outliers and the majority language are judged against
    the last full check's fences and languages, by design, so they are left out."""
    from tests.core.test_workspace import NOT_EXACT, checked, comparable, fresh

    def absolute(findings: list[dict[str, object]]) -> list[tuple[object, ...]]:
        return comparable([f for f in findings if f["code"] not in NOT_EXACT])

    dataset = Dataset.from_bytes(b"\n".join(chat_lines(30, seed=4)) + b"\n")
    workspace = checked(dataset)
    for i, value in enumerate(values):
        raw = orjson.dumps(value)
        if isinstance(value, dict):
            workspace.set_value(3 + i, value)
        else:
            workspace.set_raw(3 + i, raw)
    assert absolute([f.to_dict() for f in workspace.all_findings()]) == absolute(
        fresh(dataset))
