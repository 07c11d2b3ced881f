"""Completion and hover in JSON call flows and call requests, from their schemas (the descriptions
there are the documentation shown; nothing is restated here). Text being typed is rarely valid JSON,
so the cursor is placed by a tolerant scan up to it: the keys that lead to the object it is in, and
whether it is on a key or a value. No LSP types: the server converts."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .document import CALL_FLOW_SUFFIX, is_json_name, kind_of

__all__ = ["attached", "complete", "hover", "is_json_name", "locate"]
from .facts import modules, resolve, schema

_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"?|[{}\[\]:,]|[^\s{}\[\]:,"]+')


@dataclass
class Suggestion:
    label: str
    kind: str                 # "module", "field", "value", "reference"
    detail: str
    documentation: str
    new_text: str
    start: int                # the range the new text replaces
    end: int


@dataclass
class Container:
    opener: str               # "{" or "["
    start: int
    step: object = None       # the key or index it is under in its parent
    key: str | None = None    # in an object: the key whose value comes next
    state: str = "key"        # object: key, colon, value, comma; array: value, comma
    index: int = 0


@dataclass
class Cursor:
    role: str | None          # "key", "value" or None (between tokens where nothing goes)
    path: list = field(default_factory=list)   # keys and indexes to the container the cursor is in
    key: str | None = None    # for a value: its key
    start: int = 0            # the token under the cursor (a string with its quotes), or the cursor
    end: int = 0
    containers: list = field(default_factory=list)


def kind_of_text(text: str, filename: str | None) -> str | None:
    """The kind of a JSON document that may not parse yet: by its name, else by its keys."""
    if filename and filename.lower().endswith(CALL_FLOW_SUFFIX):
        return "callflow"
    try:
        import json
        return kind_of(json.loads(text))
    except ValueError:
        pass
    if re.search(r'"flow"\s*:\s*\{', text):
        return "callflow"
    if re.search(r'"call(?:ing|ed)_did"\s*:', text):
        return "carrierx"
    if re.search(r'"CallerId"\s*:', text) and re.search(r'"Url"\s*:', text):
        return "exotel"
    return None


def attached(filename: str | None, text: str) -> bool:
    """Whether the language server checks this document: a `*.callflow.json`, or JSON of a known kind."""
    return is_json_name(filename) and kind_of_text(text, filename) is not None


def locate(text: str, offset: int) -> Cursor:
    stack: list[Container] = []
    for match in _TOKEN.finditer(text):
        start, end, token = match.start(), match.end(), match.group()
        if start >= offset:
            break
        top = stack[-1] if stack else None
        if token[0] == '"' and offset <= end and (offset < end or not _closed(token)):
            role = _role(top)
            return _cursor(role, stack, top, start, end if _closed(token) else _line_end(text, start))
        if token in "{[":
            step = None
            if top is not None:
                step = top.key if top.opener == "{" else top.index
            stack.append(Container(token, start, step, state="key" if token == "{" else "value"))
        elif token in "}]":
            if stack:
                stack.pop()
            if stack:
                stack[-1].state = "comma"
        elif top is None:
            continue
        elif token == ":":
            top.state = "value"
        elif token == ",":
            if top.opener == "{":
                top.state, top.key = "key", None
            else:
                top.state, top.index = "value", top.index + 1
        elif top.opener == "{" and top.state == "key":
            top.key = _string(token)
            top.state = "colon"
        else:
            top.state = "comma"
    top = stack[-1] if stack else None
    role = _role(top)
    word = re.match(r'[^\s{}\[\]:,"]*', text[offset:]).group()
    return _cursor(role, stack, top, offset, offset + len(word))


def _closed(token: str) -> bool:
    return len(token) > 1 and token.endswith('"') and not token.endswith('\\"')


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _role(top: Container | None) -> str | None:
    if top is None:
        return None
    if top.opener == "[":
        return "value" if top.state == "value" else None
    return {"key": "key", "value": "value"}.get(top.state)


def _cursor(role, stack, top, start, end) -> Cursor:
    path = [c.step for c in stack[1:]]
    return Cursor(role, path, top.key if top is not None and top.opener == "{" else None, start, end, list(stack))


def _string(token: str) -> str:
    inner = token[1:-1] if _closed(token) else token[1:]
    return inner.replace('\\"', '"').replace("\\\\", "\\")


def _members(text: str, start: int) -> dict[str, tuple[int, int, str | None]]:
    """The keys of the object opening at `start` (its own, not nested ones): key -> (key start, key
    end, its value if a string), read tolerantly to the object's end or the text's."""
    found: dict = {}
    depth = 0
    key = None
    expecting_key = True
    for match in _TOKEN.finditer(text, start):
        token = match.group()
        if token in "{[":
            depth += 1
            if depth > 1:
                key = None
            continue
        if token in "}]":
            depth -= 1
            if depth <= 0:
                break
            continue
        if depth != 1:
            continue
        if token == ",":
            expecting_key, key = True, None
        elif token == ":":
            expecting_key = False
        elif expecting_key and token[0] == '"':
            key = _string(token)
            found[key] = (match.start(), match.end(), None)
        elif not expecting_key and key is not None and token[0] == '"':
            found[key] = (*found[key][:2], _string(token))
    return found


def _module_context(text: str, cursor: Cursor):
    """(path inside the call flow, the module's documented name or None, the `flow` object's keys)
    when the cursor is in a call flow's `flow`; the path alone otherwise."""
    path = list(cursor.path)
    offset = 0
    if path[:1] == ["result"]:
        offset = 2 if len(path) > 1 and isinstance(path[1], int) else 1
    inner = path[offset:]
    if len(inner) >= 2 and inner[0] == "flow":
        module_object = cursor.containers[offset + 2] if len(cursor.containers) > offset + 2 else None
        flow_object = cursor.containers[offset + 1]
        name = None
        if module_object is not None:
            written = _members(text, module_object.start).get("module", (0, 0, None))[2]
            name = modules().canonical(written) if written is not None else None
        return inner, name, list(_members(text, flow_object.start))
    return inner, None, []


def complete(text: str, offset: int, filename: str | None) -> list[Suggestion]:
    kind = kind_of_text(text, filename)
    if kind is None:
        return []
    cursor = locate(text, offset)
    if cursor.role is None:
        return []
    if kind == "callflow":
        return _complete_call_flow(text, cursor)
    return _complete_properties(kind, _object_at(kind, cursor.path), cursor, text)


def _complete_call_flow(text: str, cursor: Cursor) -> list[Suggestion]:
    inner, name, keys = _module_context(text, cursor)
    known = modules()
    if not inner:
        return _complete_properties("callflow", schema("callflow"), cursor, text)
    if inner[0] != "flow" or len(inner) < 2:
        return []
    rest = inner[2:]
    if not rest:  # in a module
        if cursor.role == "key":
            if name is None:
                return [_field("module", _module_field(), cursor)]
            present = set(_members(text, cursor.containers[-1].start))
            return [_field(f, s, cursor) for f, s in known.fields(name).items()
                    if f not in present or _here(text, cursor, f)]
        if cursor.key == "module":
            return [Suggestion(m, "module", "call-flow module", known.description(m), f'"{m}"', cursor.start, cursor.end)
                    for m in known.names]
        if name is not None and cursor.key in known.edges(name):
            return _references(keys, inner[1], cursor)
        return _enum_values("callflow", known.fields(name).get(cursor.key, {}) if name else {}, cursor)
    if name is None:
        return []
    field_schema = known.fields(name).get(rest[0], {})
    if len(rest) == 1 and field_schema.get("x-edge"):  # a `next` map
        if cursor.role == "key":
            present = set(_members(text, cursor.containers[-1].start))
            names = field_schema.get("propertyNames", {})
            return [Suggestion(c, "value", names.get("title", ""), field_schema.get("description", ""),
                               f'"{c}"', cursor.start, cursor.end) for c in names.get("enum", []) if c not in present]
        return _references(keys, inner[1], cursor)
    if rest[0] == "extensions" and len(rest) == 2:  # one of `extensions`
        properties = _target_fields(text, cursor)
        if cursor.role == "key":
            present = set(_members(text, cursor.containers[-1].start))
            return [_field(f, s, cursor) for f, s in properties.items() if f not in present or _here(text, cursor, f)]
        return _enum_values("callflow", properties.get(cursor.key, {}), cursor)
    return []


def _module_field() -> dict:
    """The schema of every module's `module` field."""
    return schema("callflow")["$defs"]["module"]["properties"]["module"]


def _target_fields(text: str, cursor: Cursor) -> dict[str, dict]:
    """The fields of the `extensions` item the cursor is in, by the `type` written there (all the
    fields any item may have while it has none)."""
    defs = schema("callflow")["$defs"]
    target = resolve("callflow", defs["target"])
    written = _members(text, cursor.containers[-1].start).get("type", (0, 0, None))[2]
    shape = defs["forwardTarget"] if written == "forward" else defs["ringTarget"] if written else {}
    if not shape:
        shape = {"properties": {**defs["ringTarget"]["properties"], **defs["forwardTarget"]["properties"]}}
    properties = {**target.get("properties", {}), **{k: v for k, v in shape.get("properties", {}).items() if k != "type"}}
    return {name: resolve("callflow", each) for name, each in properties.items()}


def _object_at(kind: str, path: list) -> dict:
    """The schema of the object at `path` in a call request (its properties and patternProperties),
    or {} where the schema says nothing."""
    subschema = schema(kind)
    for step in path:
        subschema = resolve(kind, subschema)
        if isinstance(step, int):
            subschema = subschema.get("items", {})
        else:
            subschema = _property(kind, subschema, step) or {}
    return resolve(kind, subschema)


def _property(kind: str, subschema: dict, name: str) -> dict | None:
    """A property's schema: by its name, else by a pattern (`sip_header_…`)."""
    if name in subschema.get("properties", {}):
        return resolve(kind, subschema["properties"][name])
    for pattern, each in subschema.get("patternProperties", {}).items():
        if re.search(pattern, name):
            return resolve(kind, each)
    return None


def _complete_properties(kind: str, subschema: dict, cursor: Cursor, text: str) -> list[Suggestion]:
    """The fields of the object the cursor is in (its schema: `subschema`), or a field's values."""
    if cursor.role == "key":
        properties = subschema.get("properties", {})
        present = set(_members(text, cursor.containers[-1].start))
        return [_field(f, resolve(kind, s), cursor) for f, s in properties.items()
                if not s.get("readOnly") and (f not in present or _here(text, cursor, f))]
    return _enum_values(kind, subschema.get("properties", {}).get(cursor.key, {}), cursor)


def _here(text: str, cursor: Cursor, name: str) -> bool:
    """Whether the key under the cursor is `name` itself (so it is offered while being edited)."""
    return text[cursor.start:cursor.end].strip('"') == name


def _field(name: str, subschema: dict, cursor: Cursor) -> Suggestion:
    return Suggestion(name, "field", _type_words(subschema), subschema.get("description", ""), f'"{name}"',
                      cursor.start, cursor.end)


def _enum_values(kind: str, subschema: dict, cursor: Cursor) -> list[Suggestion]:
    subschema = resolve(kind, subschema)
    values = subschema.get("enum") or ([subschema["const"]] if "const" in subschema else [])
    return [Suggestion(str(v), "value", "", subschema.get("description", ""), f'"{v}"' if isinstance(v, str) else str(v),
                       cursor.start, cursor.end) for v in values]


def _references(keys: list[str], own: str, cursor: Cursor) -> list[Suggestion]:
    return [Suggestion(key, "reference", "module of this flow", "", f'"{key}"', cursor.start, cursor.end)
            for key in keys if key != own]


def _type_words(subschema: dict) -> str:
    if subschema.get("title"):
        return subschema["title"]
    if "enum" in subschema:
        return " | ".join(str(v) for v in subschema["enum"])
    kind = subschema.get("type")
    return " or ".join(kind) if isinstance(kind, list) else (kind or "")


def hover(text: str, offset: int, filename: str | None) -> tuple[str, tuple[int, int]] | None:
    """(Markdown, span) for the key or module name under the cursor, from the schema."""
    kind = kind_of_text(text, filename)
    if kind is None:
        return None
    for probe in (offset + 1, offset):  # a string whose opening quote, or any other character, is at `offset`
        cursor = locate(text, probe)
        if text[cursor.start:cursor.start + 1] == '"' and cursor.start <= offset < cursor.end:
            break
    else:
        return None
    word = text[cursor.start:cursor.end].strip('"')
    span = (cursor.start, cursor.end)
    if kind != "callflow":
        found = _property(kind, _object_at(kind, cursor.path), word) if cursor.role == "key" else None
        return None if found is None else (_markdown(word, found), span)
    inner, name, _ = _module_context(text, cursor)
    known = modules()
    if cursor.role == "value" and cursor.key == "module" and len(inner) == 2:
        canonical = known.canonical(word)
        if canonical is not None:
            return f"**{canonical}** (call-flow module)\n\n{known.description(canonical)}", span
        return None
    if cursor.role != "key":
        return None
    if len(inner) == 2 and word == "module":
        return _markdown("module", _module_field()), span
    if len(inner) == 4 and inner[2] == "extensions" and name == "extension":
        fields = _target_fields(text, cursor)
        if word in fields:
            return _markdown(word, fields[word], "`extensions` item"), span
    if len(inner) == 2 and name is not None:
        fields = known.fields(name)
        if word in fields:
            return _markdown(word, fields[word], f"`{name}` module"), span
    if not inner or inner[0] != "flow":
        properties = schema("callflow").get("properties", {})
        if word in properties and not inner:
            return _markdown(word, resolve("callflow", properties[word]), "call flow"), span
    return None


def _markdown(name: str, subschema: dict, where: str = "") -> str:
    head = f"**{name}**" + (f" ({where})" if where else "")
    kind = _type_words(subschema)
    body = subschema.get("description", "")
    return head + (f" — {kind}" if kind else "") + (f"\n\n{body}" if body else "")


def definition(text: str, offset: int, filename: str | None) -> tuple[int, int] | None:
    """The key of the module that the reference under the cursor (`next`, a `next` map's entry,
    `match`, `nomatch`, `noanswer`) names, as a range; None elsewhere."""
    if kind_of_text(text, filename) != "callflow":
        return None
    for probe in (offset + 1, offset):
        cursor = locate(text, probe)
        if text[cursor.start:cursor.start + 1] == '"' and cursor.start <= offset < cursor.end:
            break
    else:
        return None
    if cursor.role != "value":
        return None
    inner, name, _ = _module_context(text, cursor)
    if name is None or len(inner) < 2:
        return None
    edges = modules().edges(name)
    if not (len(inner) == 2 and cursor.key in edges or len(inner) == 3 and inner[2] in edges):
        return None
    flow_object = cursor.containers[len(cursor.path) - len(inner) + 1]
    found = _members(text, flow_object.start).get(_string(text[cursor.start:cursor.end]))
    return None if found is None else (found[0], found[1])
