"""The functions an example declares in ``tools``, each with a jsonschema validator of its
``parameters``: made once per distinct ``parameters`` (most rows of a file share the same
few functions), looked up once per distinct ``tools`` list, and each distinct arguments text
checked once per function.

A ``parameters`` is checked against the metaschema of the draft it names with ``$schema``
(Draft 2020-12 when it names none, as OpenAI's function definitions are written); Curator
never fetches a remote ``$ref`` (no network at run time), so one is reported as unresolved.
jsonschema is imported on the first row that has tools.

Arguments are first checked with ``jsonschema_rs`` (the same JSON Schema rules, in Rust, about
twenty times faster: measured 5 us against 100-130 us a call on generated tool examples);
only arguments it finds invalid are checked again with ``jsonschema``, whose errors name the
path and the rule. Formats are not asserted by either (jsonschema's default).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import orjson

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

CACHE_SIZE = 1024  # distinct `tools` lists, and distinct `parameters`, kept per process
CHECKED_SIZE = 8192  # distinct (parameters, arguments) verdicts kept per process

Violation = tuple[str, str, str]  # JSON path in the arguments, schema path, what is wrong


@dataclass(frozen=True)
class Function:
    index: int  # its place in `tools`
    parameters: bool  # it declares parameters (none: the function takes no arguments)
    schema: bytes = b""  # the JSON text of a usable `parameters` (its validator's key)
    problem: str = ""  # why `parameters` is not a valid JSON Schema
    validator: Validator | None = field(default=None, compare=False)
    fast: Any = field(default=None, compare=False)  # a jsonschema_rs validator, if it could


@dataclass(frozen=True)
class Declared:
    functions: dict[str, Function] = field(default_factory=dict)
    readable: bool = True  # `tools` is a list whose functions could be read (else: S019's)
    problems: tuple[tuple[int, str], ...] = ()  # (index in `tools`, why) of bad parameters


UNREADABLE = Declared(readable=False)
_DECLARED: dict[bytes, Declared] = {}  # by the JSON text of `tools` (bounded: cleared when full)


def declared(tools: Any) -> Declared:
    """What ``tools`` declares (cached by its JSON text)."""
    try:
        key = orjson.dumps(tools)
    except (TypeError, orjson.JSONEncodeError):
        return UNREADABLE
    found = _DECLARED.get(key)
    if found is None:
        if len(_DECLARED) >= CACHE_SIZE:
            _DECLARED.clear()
        found = _DECLARED[key] = _read(tools)
    return found


def _read(tools: Any) -> Declared:
    if not isinstance(tools, list):
        return UNREADABLE
    functions: dict[str, Function] = {}
    for index, tool in enumerate(tools):
        function = tool.get("function") if isinstance(tool, dict) else None
        name = function.get("name") if isinstance(function, dict) else None
        if not isinstance(name, str):
            return UNREADABLE  # a malformed definition is S019: no call is judged against it
        assert isinstance(function, dict)
        functions.setdefault(name, _function(index, function))
    problems = tuple((f.index, f.problem) for f in functions.values() if f.problem)
    return Declared(functions, problems=problems)


def _function(index: int, function: dict[str, Any]) -> Function:
    if "parameters" not in function:
        return Function(index, parameters=False)
    params = function["parameters"]
    if not isinstance(params, dict) or params.get("type") != "object":
        return Function(index, parameters=True)  # S019 says so; nothing to validate against
    schema = orjson.dumps(params, option=orjson.OPT_SORT_KEYS)
    validator, problem = _validator(schema)
    fast = _fast(schema) if validator is not None else None
    return Function(index, True, schema if validator is not None else b"", problem, validator,
                    fast)


@lru_cache(maxsize=CACHE_SIZE)
def _fast(schema: bytes) -> Any:
    """A jsonschema_rs validator of one ``parameters``, offline; None where it cannot make
    one (then jsonschema alone checks)."""
    import jsonschema_rs

    try:
        return jsonschema_rs.validator_for(orjson.loads(schema), validate_formats=False,
                                           offline=True)
    except Exception:  # any schema it cannot build is left to jsonschema
        return None


@lru_cache(maxsize=CACHE_SIZE)
def _validator(schema: bytes) -> tuple[Validator | None, str]:
    """A validator of one ``parameters`` (by its JSON text), or why there can be none."""
    # imported here, on the first row with tools: most files have none, and it takes a while
    from jsonschema import Draft202012Validator, SchemaError
    from jsonschema.validators import validator_for

    params = orjson.loads(schema)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # an unknown $schema falls back to Draft 2020-12
        cls = validator_for(params, default=Draft202012Validator)
    try:
        cls.check_schema(params)
    except SchemaError as error:
        where = error.json_path.replace("$", "parameters", 1)
        return None, f"at {where}: {clip(error.message)} (checked against {draft_name(cls)})"
    except RecursionError:
        return None, "it is nested too deeply to check"
    remote = _remote_ref(params)
    if remote:
        return None, unresolved(remote)
    return cls(params), ""


_CHECKED: dict[tuple[bytes, str | bytes], tuple[Violation, ...] | str] = {}  # bounded


def violations(function: Function, arguments: dict[str, Any], text: str | bytes
               ) -> tuple[Violation, ...] | str:
    """Where ``arguments`` (whose JSON text is ``text``) break the function's parameters, in
    a fixed order; or why they could not be checked. Each distinct text is checked once."""
    key = (function.schema, text)
    found = _CHECKED.get(key)
    if found is None:
        if len(_CHECKED) >= CHECKED_SIZE:
            _CHECKED.clear()
        found = _CHECKED[key] = _check(function, arguments)
    return found


def _check(function: Function, arguments: dict[str, Any]) -> tuple[Violation, ...] | str:
    from referencing.exceptions import Unresolvable

    assert function.validator is not None
    if function.fast is not None:
        try:
            if function.fast.is_valid(arguments):
                return ()
        except Exception:  # anything odd: jsonschema decides below
            pass
    try:
        found = [(e.json_path, "/".join(map(str, e.schema_path)), e.message)
                 for e in function.validator.iter_errors(arguments)]
    except Unresolvable as exc:
        return unresolved(str(exc))
    except RecursionError:
        return "it refers to itself without end"
    return tuple(sorted(found))


def _remote_ref(schema: Any, depth: int = 0) -> str:
    """The first ``$ref`` that points outside the schema itself, or ""."""
    if depth > 64:
        return ""
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#"):
            return ref
        values: Any = schema.values()
    elif isinstance(schema, list):
        values = schema
    else:
        return ""
    return next((found for v in values if (found := _remote_ref(v, depth + 1))), "")


def unresolved(ref: str) -> str:
    return (f"it refers to {clip(ref, 120)}, which Curator does not fetch (it works offline); "
            "put the definition under `$defs` in `parameters`")


def draft_name(cls: Any) -> str:
    """``Draft202012Validator`` -> ``Draft 2020-12``."""
    name = cls.__name__.removesuffix("Validator").removeprefix("Draft")
    return f"Draft {name[:4]}-{name[4:]}" if len(name) == 6 else f"Draft {name}"


def clip(text: str, limit: int = 160) -> str:
    """A message cut to ``limit`` characters (values can be long, or private)."""
    return text if len(text) <= limit else text[:limit - 3] + "..."
