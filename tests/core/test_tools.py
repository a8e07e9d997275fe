"""Tool calls against their definitions and results (U001-U007, S016, S022): each rule with
an example that breaks it and one that keeps it."""

from __future__ import annotations

import copy
from typing import Any

import orjson
import pytest

from curator.core.engine.settings import default_settings
from curator.core.families.protocol import RowContext, Run
from curator.core.families.schema.example import check_example
from curator.core.families.tools import FAMILY
from curator.core.families.tools.declared import _validator, declared, draft_name
from curator.core.model.findings import Finding, Severity
from curator.core.model.shapes import Shape

U = {"role": "user", "content": "Where is order 56?"}
A = {"role": "assistant", "content": "It ships tomorrow."}
GET_ORDER = {"type": "function", "function": {
    "name": "get_order", "description": "Look up an order.",
    "parameters": {"type": "object", "properties": {"order_id": {"type": "integer"}},
                   "required": ["order_id"], "additionalProperties": False}}}
TOOLS = [GET_ORDER]


def call(name: str = "get_order", args: Any = None, call_id: str = "c1") -> dict[str, Any]:
    arguments = orjson.dumps({"order_id": 56} if args is None else args).decode()
    return {"id": call_id, "type": "function",
            "function": {"name": name, "arguments": arguments}}


def calls(*items: dict[str, Any]) -> dict[str, Any]:
    return {"role": "assistant", "content": None, "tool_calls": list(items)}


def result(call_id: str | None = "c1") -> dict[str, Any]:
    out = {"role": "tool", "content": '{"status": "shipped"}'}
    if call_id is not None:
        out["tool_call_id"] = call_id
    return out


def findings(value: dict[str, Any], shape: Shape = Shape.OPENAI_CHAT) -> list[Finding]:
    check = FAMILY.start(Run(default_settings(), shape))
    out: list[Finding] = []
    ctx = RowContext(shape, out)
    ctx.reset(3, value)
    check.row(ctx)
    return out


def codes(value: dict[str, Any], shape: Shape = Shape.OPENAI_CHAT) -> list[str]:
    return [f.code for f in findings(value, shape)]


GOOD = {"messages": [U, calls(call()), result(), A], "tools": TOOLS}


def test_a_well_formed_tool_conversation_has_no_finding() -> None:
    assert findings(GOOD) == []


def test_a_call_to_an_undeclared_function_is_an_error() -> None:
    value = {"messages": [U, calls(call("cancel_order")), result(), A], "tools": TOOLS}
    (finding,) = findings(value)
    assert (finding.code, finding.severity) == ("U001", Severity.ERROR)
    assert finding.path == "messages[1].tool_calls[0].function.name"
    assert "`cancel_order`" in finding.message and "`get_order`" in finding.message


def test_a_long_list_of_declared_functions_is_cut() -> None:
    tools = [{"type": "function", "function": {"name": f"f{i}"}} for i in range(10)]
    (finding,) = findings({"messages": [U, calls(call("g")), result(), A], "tools": tools})
    assert "`f7` and 2 more" in finding.message and "`f8`" not in finding.message


def test_calls_without_any_tools_are_a_warning_once() -> None:
    value = {"messages": [U, calls(call(), call(call_id="c2")), result(), result("c2"), A]}
    (finding,) = findings(value)
    assert (finding.code, finding.severity) == ("U002", Severity.WARNING)
    assert finding.path == "messages[1].tool_calls[0].function.name"
    assert codes({"messages": [U, calls(call()), result(), A], "tools": []}) == ["U002"]


def test_arguments_against_the_schema_each_violation_with_its_path() -> None:
    value = {"messages": [U, calls(call(args={"order": "fifty-six"})), result(), A],
             "tools": TOOLS}
    found = findings(value)
    assert [f.code for f in found] == ["U003", "U003"]
    assert {f.path for f in found} == {"messages[1].tool_calls[0].function.arguments"}
    text = " | ".join(f.message for f in found)
    assert "'order_id' is a required property" in text and "schema: required" in text
    assert "'order' was unexpected" in text and "schema: additionalProperties" in text
    wrong_type = findings({"messages": [U, calls(call(args={"order_id": "56"})), result(), A],
                           "tools": TOOLS})
    (finding,) = wrong_type
    assert "at $.order_id:" in finding.message and "properties/order_id/type" in finding.message


def test_nested_arrays_enums_and_defs_are_validated() -> None:
    schema = {"type": "object", "$defs": {"item": {"type": "object", "properties": {
        "sku": {"type": "string"}, "qty": {"type": "integer", "minimum": 1}},
        "required": ["sku", "qty"]}},
        "properties": {"items": {"type": "array", "items": {"$ref": "#/$defs/item"}},
                       "speed": {"enum": ["standard", "express"]}},
        "required": ["items"]}
    tools = [{"type": "function", "function": {"name": "ship", "parameters": schema}}]
    good = {"items": [{"sku": "A1", "qty": 2}], "speed": "express"}
    assert findings({"messages": [U, calls(call("ship", good)), result(), A],
                     "tools": tools}) == []
    bad = {"items": [{"sku": "A1", "qty": 0}], "speed": "overnight"}
    found = findings({"messages": [U, calls(call("ship", bad)), result(), A], "tools": tools})
    assert sorted(f.message.split(":")[0] for f in found) == [
        "the arguments of `ship` break its declared parameters at $.items[0].qty",
        "the arguments of `ship` break its declared parameters at $.speed"]


def test_a_function_without_parameters_takes_no_arguments() -> None:
    tools = [{"type": "function", "function": {"name": "ping"}}]
    assert codes({"messages": [U, calls(call("ping", {})), result(), A], "tools": tools}) == []
    assert codes({"messages": [U, calls(call("ping", {"x": 1})), result(), A],
                  "tools": tools}) == ["U003"]


@pytest.mark.parametrize("parameters", [
    {"type": "object", "required": "order_id"},
    {"type": "object", "properties": {"order_id": {"type": "integr"}}},
    {"type": "object", "properties": {"a": {"$ref": "https://example.com/a.json"}}},
])
def test_a_parameters_that_is_not_a_json_schema_is_an_error(parameters: dict[str, Any]
                                                             ) -> None:
    tools = [{"type": "function", "function": {"name": "get_order", "parameters": parameters}}]
    value = {"messages": [U, calls(call(args={"order_id": 1, "a": 2})), result(), A],
             "tools": tools}
    found = findings(value)
    assert [f.code for f in found] == ["U004"]
    assert found[0].path == "tools[0].function.parameters"
    assert "not a valid JSON Schema" in found[0].message
    no_call = {"messages": [U, A], "tools": tools}  # found without a call to check
    assert [f.code for f in findings(no_call)] == ["U004"]


def test_the_draft_is_the_one_the_schema_names() -> None:
    draft7 = {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
              "properties": {"a": {"type": "integer"}}}
    known = declared([{"type": "function", "function": {"name": "f", "parameters": draft7}}])
    validator, problem = _validator(known.functions["f"].schema)
    assert validator is not None and draft_name(type(validator)) == "Draft 7" and not problem


def test_validators_are_made_once_per_distinct_parameters() -> None:
    first = declared(copy.deepcopy(TOOLS))
    assert declared(copy.deepcopy(TOOLS)) is first
    reordered = [{"function": dict(reversed(GET_ORDER["function"].items())),
                  "type": "function"}, {"type": "function", "function": {"name": "ping"}}]
    again = declared(reordered).functions["get_order"]
    assert again.schema == first.functions["get_order"].schema  # one validator for both


def test_a_call_left_unanswered_while_the_conversation_goes_on() -> None:
    value = {"messages": [U, calls(call()), U, A], "tools": TOOLS}
    (finding,) = findings(value)
    assert (finding.code, finding.path) == ("U005", "messages[1].tool_calls[0]")
    assert "message 2" in finding.message
    # a call in the last message is a valid target: the example teaches the call
    assert findings({"messages": [U, calls(call())], "tools": TOOLS}) == []
    two = {"messages": [U, calls(call(), call(call_id="c2")), result("c2"), A],
           "tools": TOOLS}
    assert [(f.code, f.path) for f in findings(two)] == [("U005", "messages[1].tool_calls[0]")]


def test_two_results_for_one_call() -> None:
    value = {"messages": [U, calls(call()), result(), result(), A], "tools": TOOLS}
    (finding,) = findings(value)
    assert (finding.code, finding.path) == ("U006", "messages[3].tool_call_id")


def test_several_calls_in_a_turn_with_parallel_tool_calls_false() -> None:
    turn = [U, calls(call(), call(call_id="c2")), result(), result("c2"), A]
    value = {"messages": turn, "tools": TOOLS, "parallel_tool_calls": False}
    (finding,) = findings(value)
    assert (finding.code, finding.path) == ("U007", "messages[1].tool_calls")
    assert findings({**value, "parallel_tool_calls": True}) == []
    assert findings({"messages": GOOD["messages"], "tools": TOOLS,
                     "parallel_tool_calls": False}) == []


def test_results_answer_an_earlier_call_s016() -> None:
    value = {"messages": [U, calls(call()), result(), result("c9"), A], "tools": TOOLS}
    (finding,) = findings(value)
    assert (finding.code, finding.check) == ("S016", "schema")
    assert finding.path == "messages[3].tool_call_id" and "'c9'" in finding.message
    missing = {"messages": [U, calls(call()), result(None), A], "tools": TOOLS}
    assert [(f.code, f.message) for f in findings(missing)] == [("S016", (
        "a tool message needs `tool_call_id`: the id of the assistant tool call it answers"))]


def test_trl_results_without_ids_answer_calls_in_order() -> None:
    value = {"messages": [U, calls(call()), result(None), A], "tools": TOOLS}
    assert findings(value, Shape.TRL_MESSAGES) == []
    args_object = {"messages": [U, {"role": "assistant", "tool_calls": [
        {"type": "function", "function": {"name": "get_order", "arguments": {"order_id": "x"}}}]},
        result(None), A], "tools": TOOLS}
    assert codes(args_object, Shape.TRL_MESSAGES) == ["U003"]


def test_a_call_id_used_twice_s022() -> None:
    value = {"messages": [U, calls(call(), call()), result(), A], "tools": TOOLS}
    (finding,) = findings(value)
    assert (finding.code, finding.path) == ("S022", "messages[1].tool_calls[1].id")


def test_the_schema_family_no_longer_reports_s016_or_s022() -> None:
    for value in ({"messages": [U, calls(call(), call()), result("c9"), A]},
                  {"messages": [U, calls(call()), result(None), A]}):
        assert not {f.code for f in check_example(value, 1, Shape.OPENAI_CHAT)} & {
            "S016", "S022"}


def test_preference_rows_use_the_input_s_tools() -> None:
    value = {"input": {"messages": [U], "tools": TOOLS},
             "preferred_output": [calls(call("cancel_order"))],
             "non_preferred_output": [A]}
    (finding,) = findings(value, Shape.OPENAI_PREFERENCE)
    assert (finding.code, finding.path) == (
        "U001", "preferred_output[0].tool_calls[0].function.name")


def test_odd_values_never_crash() -> None:
    for value in ({"messages": [U, {"role": "assistant", "tool_calls": "x"}], "tools": 3},
                  {"messages": [U, {"role": "assistant", "tool_calls": [1, {"function": 2}]}],
                   "tools": [{"function": {"name": 5}}]},
                  {"messages": [U, calls(call(args=[1])), {"role": "tool",
                                                          "tool_call_id": 4}]}):
        findings(value)
