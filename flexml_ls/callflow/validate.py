"""The schema's verdict on a JSON document, as problems with exact ranges.

jsonschema (imported here only, so linting FlexML never pays for it) validates each call flow, or
the request, against its schema under schema/; each error is placed by its path in the JSON tree:
a wrong value on the value, an unknown or misspelt key on the key, a missing key on its object's
opening brace. Module names are judged first, in any letter case (the runtime lower-cases them), so
a module written `Play` is still checked as a `play`.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import NamedTuple

from ..diagnostics import Edit, Fix
from ..rules.base import did_you_mean
from .document import JsonDocument
from .facts import modules, resolve, schema
from .jsontree import Node, at_path

API_NAMES = {"callflow": "call flow", "carrierx": "CarrierX call request", "exotel": "Exotel Calls/connect request"}


class Problem(NamedTuple):
    kind: str        # unknown-module, module-case, unknown-field, missing-field, missing-edge, ignored-next,
                     # invalid-value, invalid-key, invalid-regex, read-only
    start: int
    end: int
    message: str
    fix: Fix | None = None


@lru_cache(maxsize=None)
def _validator(kind: str):
    import jsonschema
    return jsonschema.Draft202012Validator(schema(kind), format_checker=jsonschema.FormatChecker(["regex"]))


def problems(document: JsonDocument) -> list[Problem]:
    """Everything the schema finds wrong in the document (none when it is not one of the kinds)."""
    if document.root is None or document.kind is None:
        return []
    found: list[Problem] = []
    if document.kind == "callflow":
        for path, node in document.call_flows():
            instance = _with_module_names(node, found)
            found.extend(_call_flow_errors(instance, node, path, document.text))
    else:
        instance = document.root.value
        if document.kind == "exotel" and isinstance(instance, dict):
            instance = _form_numbers(instance)
        found.extend(_errors(document.kind, instance, document.root, [], document.text))
        found.extend(_read_only(document))
    unique = dict.fromkeys(found)
    return sorted(unique, key=lambda p: (p.start, p.end, p.kind))


def _with_module_names(flow_object: Node, found: list[Problem]) -> dict:
    """The call flow's value with each module name in its documented spelling, so the schema judges
    a `Play` as a `play`; unknown names and names in another letter case become problems here."""
    value = flow_object.value
    flow = flow_object.get("flow")
    if flow is None or flow.kind != "object":
        return value
    known = modules()
    fixed = {}
    for member in flow.members:
        name_node = member.value.get("module") if member.value.kind == "object" else None
        if name_node is None or name_node.kind != "string":
            continue
        name = name_node.value
        canonical = known.canonical(name)
        if canonical is None:
            guess = did_you_mean(name, known.names)
            found.append(Problem("unknown-module", name_node.start, name_node.end,
                                 f"Unknown module `{name}`" + (f"; did you mean `{guess}`?" if guess else
                                                                 f" (modules: {', '.join(known.names)})")))
        elif canonical != name:
            found.append(Problem("module-case", name_node.start, name_node.end,
                                 f"Module `{name}` is documented as `{canonical}`",
                                 Fix(f"Spell it `{canonical}`",
                                     (Edit(name_node.start, name_node.end, json.dumps(canonical)),))))
            fixed[member.key] = {**member.value.value, "module": canonical}
    if not fixed:
        return value
    return {**value, "flow": {**value["flow"], **fixed}}


def _form_numbers(instance: dict) -> dict:
    """Exotel's parameters travel as form data, all text: digits stand for the integers the schema
    asks for."""
    properties = schema("exotel").get("properties", {})
    return {key: int(value) if isinstance(value, str) and value.isascii() and value.isdigit()
            and properties.get(key, {}).get("type") == "integer" else value
            for key, value in instance.items()}


def _errors(kind: str, instance, node: Node, prefix: list, text: str, validator=None, base: list = ()) -> list[Problem]:
    found = []
    for error in (validator or _validator(kind)).iter_errors(instance):
        found.extend(_placed(kind, error, node, prefix, text, list(base)))
    return found


@lru_cache(maxsize=None)
def _module_validator(name: str):
    """A validator of one module type's definition (`$defs/<name>`; `$defs/module` for a module of no
    known type), its references resolved in the whole schema."""
    return _validator("callflow").evolve(schema=schema("callflow")["$defs"][name])


def _call_flow_errors(instance, node: Node, prefix: list, text: str) -> list[Problem]:
    """The schema's errors in one call flow: the flow's own fields, then each module against its own
    type's definition. (The same verdict as validating the whole, which the schema's `allOf` of
    `if`/`then` dispatches by module type, at a fourth of the cost: each module is judged once.)"""
    flow = instance.get("flow") if isinstance(instance, dict) else None
    if not isinstance(flow, dict):
        return _errors("callflow", instance, node, prefix, text)
    found = _errors("callflow", {**instance, "flow": {}}, node, prefix, text)
    known = modules()
    for key, module in flow.items():
        name = known.canonical(module.get("module")) if isinstance(module, dict) else None
        found.extend(_errors("callflow", module, node, prefix, text, _module_validator(name or "module"), ["flow", key]))
    return found


def _placed(kind: str, error, node: Node, prefix: list, text: str, base: list) -> list[Problem]:
    path = base + list(error.absolute_path)
    keyword = error.validator
    subschema = error.schema if isinstance(error.schema, dict) else {}
    target = at_path(node, path)
    if target is None:
        return []
    if "propertyNames" in error.absolute_schema_path:
        member = target.member(error.instance) if target.kind == "object" else None
        if member is None:
            return []
        expected = subschema.get("title") or _expected(keyword, error, subschema)
        return [Problem("invalid-key", member.key_start, member.key_end,
                        f"`{member.key}` in {_where(kind, prefix + path, node, path)} is not {expected}")]
    if keyword == "required":
        present = error.instance if isinstance(error.instance, dict) else {}
        properties = subschema.get("properties", {})
        found = [_missing(kind, name, properties.get(name, {}), target, prefix + path, node, path)
                 for name in error.validator_value if name not in present]
        if "module" not in present and "module" in error.validator_value and kind == "callflow" and target.kind == "object":
            # A module of no type is judged by no type's fields: a misspelt `module` key is still one.
            found += [Problem("unknown-field", m.key_start, m.key_end,
                              f"Unknown field `{m.key}` in {_where(kind, prefix + path, node, path)}; did you mean `module`?")
                      for m in target.members if did_you_mean(m.key, ["module"])]
        return found
    if keyword == "dependentRequired":
        present = error.instance if isinstance(error.instance, dict) else {}
        properties = subschema.get("properties", {})
        found = []
        for name, needed in error.validator_value.items():
            for other in needed:
                if name in present and other not in present:
                    what = resolve(kind, properties.get(other, {})).get("description", "")
                    found.append(Problem("missing-field", target.start, target.start + 1,
                                         f"{_where(kind, prefix + path, node, path, capital=True)} has `{name}` "
                                         f"but no `{other}`" + (f" ({_lower_first(what)})" if what else "")))
        return found
    if keyword == "additionalProperties":
        return _unknown_fields(kind, subschema, target, prefix + path, node, path)
    if keyword == "enum" and path and path[-1] == "module" and kind == "callflow" and isinstance(error.instance, str):
        return []  # judged by _with_module_names
    if keyword == "format":
        return [Problem("invalid-regex", target.start, target.end,
                        f"`{error.instance}` is not a regular expression: {_regex_error(error.instance)}")]
    expected = _expected(keyword, error, subschema)
    shown = json.dumps(error.instance, ensure_ascii=False)
    if len(shown) > 40:
        shown = shown[:37] + "…"
    field = path[2:] if kind == "callflow" and len(path) > 2 and path[0] == "flow" else path
    message = f"{f'`{_field(field)}`' if field else 'The document'} must be {expected}, not {shown}"
    if keyword == "enum" and isinstance(error.instance, str):
        guess = did_you_mean(error.instance, [v for v in error.validator_value if isinstance(v, str)])
        if guess:
            message += f"; did you mean `{guess}`?"
    return [Problem("invalid-value", target.start, target.end, message)]


def _missing(kind: str, name: str, field: dict, target: Node, full_path: list, node: Node, path: list) -> Problem:
    field = resolve(kind, field)
    what = field.get("description", "")
    edge = bool(field.get("x-edge"))
    where = _where(kind, full_path, node, path, capital=True)
    if edge:
        message = f"{where} has no `{name}`: the call has nowhere to go" + (f" ({_lower_first(what)})" if what else "")
    else:
        message = f"{where} lacks `{name}`" + (f" ({_lower_first(what)})" if what else "")
    return Problem("missing-edge" if edge else "missing-field", target.start, target.start + 1, message)


def _unknown_fields(kind: str, subschema: dict, target: Node, full_path: list, node: Node, path: list) -> list[Problem]:
    if target.kind != "object":
        return []
    known = list(subschema.get("properties", {}))
    patterns = [re.compile(p) for p in subschema.get("patternProperties", {})]
    found = []
    for member in target.members:
        name = member.key
        if name in known or any(p.search(name) for p in patterns):
            continue
        where = _where(kind, full_path, node, path)
        if name == "next" and subschema.get("x-terminal"):
            found.append(Problem("ignored-next", member.key_start, member.key_end,
                                 f"`next` in {where} is ignored: the module ends the call"))
            continue
        guess = did_you_mean(name, [k for k in known if k != "module"])
        found.append(Problem("unknown-field", member.key_start, member.key_end,
                             f"Unknown field `{name}` in {where}" + (f"; did you mean `{guess}`?" if guess else "")))
    return found


def _read_only(document: JsonDocument) -> list[Problem]:
    root = document.root
    if root.kind != "object":
        return []
    properties = schema(document.kind).get("properties", {})
    return [Problem("read-only", m.key_start, m.key_end,
                    f"`{m.key}` is read only: the API sets it and ignores it in a request")
            for m in root.members if properties.get(m.key, {}).get("readOnly")]


def _where(kind: str, full_path: list, node: Node, path: list, capital: bool = False) -> str:
    """What an object at `full_path` is, for a message: a module, a part of one, or the document."""
    if kind == "callflow":
        inner = full_path[len(full_path) - len(path):]
        if len(inner) >= 2 and inner[0] == "flow":
            module = at_path(node, inner[:2])
            name = module.get("module") if module is not None and module.kind == "object" else None
            label = f"module `{inner[1]}`" + (f" (`{name.value}`)" if name is not None and name.kind == "string" else "")
            where = label if len(inner) == 2 else f"`{_field(inner[2:])}` of {label}"
        elif inner:
            where = f"`{_field(inner)}` of the call flow"
        else:
            where = "the call flow"
    else:
        where = f"`{_field(full_path)}` of the {API_NAMES[kind]}" if full_path else f"the {API_NAMES[kind]}"
    return where[0].upper() + where[1:] if capital else where


def _field(path: list) -> str:
    """A path as a field name: `extensions[0].number`."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "(document)"


_TYPE_WORDS = {"integer": "a whole number", "string": "a string", "array": "a list", "object": "an object",
               "boolean": "true or false", "null": "null", "number": "a number"}


def _expected(keyword: str, error, subschema: dict) -> str:
    title = subschema.get("title")
    value = error.validator_value
    if keyword == "type":
        if title and "properties" not in subschema:  # (an object's title names the object, not its type)
            return title
        types = value if isinstance(value, list) else [value]
        return " or ".join(_TYPE_WORDS.get(t, t) for t in types)
    if keyword in ("pattern", "minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum") and title:
        return title
    if keyword == "pattern":
        return f"text matching `{value}`"
    if keyword == "enum":
        return "one of " + ", ".join(f"`{v}`" for v in value)
    if keyword == "const":
        return f"`{value}`"
    if keyword == "minimum":
        return f"at least {value}"
    if keyword == "exclusiveMinimum":
        return f"more than {value}"
    if keyword == "maximum":
        return f"at most {value}"
    if keyword == "exclusiveMaximum":
        return f"less than {value}"
    if keyword == "minItems":
        return "a non-empty list" if value == 1 else f"a list of at least {value}"
    if keyword == "minLength":
        return "non-empty" if value == 1 else f"at least {value} characters long"
    return title or f"valid ({keyword} {value})"


def _regex_error(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as error:
        return str(error)
    return "not accepted"


def _lower_first(text: str) -> str:
    text = text.rstrip(".")
    return text[:1].lower() + text[1:] if text[1:2].islower() or len(text) < 2 else text
