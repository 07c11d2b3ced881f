"""A call flow's modules as the shared flow model (flexml_ls.flow): one node per module key, one edge
per field that names where the call goes next (the schema's `x-edge` fields). The graph rules and
`flexml flow` read the same model."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..flow import Edge, Flow, Node
from ..source import LineIndex
from .facts import modules
from .jsontree import Member
from .jsontree import Node as JsonNode

# What takes each edge, by field and key: an outcome as the flow model labels them.
_OUTCOMES = {"match": "caller ID matches", "nomatch": "no match", "noanswer": "no answer",
             "invalid": "invalid key", "timeout": "no input"}


@dataclass
class Site:
    """Where a module or an edge is written: offsets into the text."""
    member: Member                       # the module's key (module) or the edge's field
    value: JsonNode | None = None        # the edge's value (the key it names)
    sentinel: bool = False               # the value is one its field takes by design, naming no module


@dataclass
class CallFlow:
    """One call flow: its model, the `flow` key, and where each module and edge is written."""
    flow: Flow
    flow_member: Member | None
    modules: dict[str, Site] = field(default_factory=dict)        # module key -> its member
    module_types: dict[str, str] = field(default_factory=dict)    # module key -> documented module name
    edges: list[tuple[Edge, Site]] = field(default_factory=list)
    sentinels: set[str] = field(default_factory=set)             # edge values that name no module by design
                                                                 # (each edge's own verdict: Site.sentinel)


def build(flow_object: JsonNode, lines: LineIndex | None = None, path: str | None = None) -> CallFlow | None:
    """The call flow in a call-flow object (one with a `flow` map), or None when it has none."""
    flow_member = flow_object.member("flow") if flow_object.kind == "object" else None
    if flow_member is None or flow_member.value.kind != "object":
        return None
    known = modules()
    model = Flow(dialect="callflow")
    built = CallFlow(model, flow_member)

    def place(target, start: int, end: int) -> None:
        target.path = path
        if lines is not None:
            line, column = lines.position(start)
            target.line, target.column = line + 1, column + 1
            if isinstance(target, Edge):
                line, column = lines.position(end)
                target.end_line, target.end_column = line + 1, column + 1

    keys = {member.key for member in flow_member.value.members}
    for member in flow_member.value.members:
        module = member.value
        name_node = module.get("module") if module.kind == "object" else None
        name = known.canonical(name_node.value) if name_node is not None and name_node.kind == "string" else None
        node = Node(member.key, kind="module", label=f"{name or '?'} {_short(member.key)}",
                    terminal=bool(name and known.terminal(name)), collects_input=bool(name and known.waits(name)),
                    data={"module": name})
        place(node, member.key_start, member.key_end)
        model.add_node(node)
        built.modules.setdefault(member.key, Site(member))
        if name is None:
            continue
        built.module_types.setdefault(member.key, name)
        if name == "start" and model.start is None:
            model.start = member.key
        for field_name, field_schema in known.edges(name).items():
            field_member = module.member(field_name)
            if field_member is None:
                continue
            sentinels = field_schema.get("x-sentinels", [])
            value = field_member.value
            targets = [(field_name, field_member, value)] if value.kind == "string" else \
                [(f"{field_name}.{choice.key}", choice, choice.value) for choice in value.members] \
                if value.kind == "object" else []
            for label, site_member, target in targets:
                if target.kind != "string" or not target.value:
                    continue
                key = target.value
                sentinel = key in sentinels and key not in keys  # (only in the field that documents it)
                if sentinel:
                    built.sentinels.add(key)
                    model.add_node(Node(key, kind="module", label=key, terminal=True, data={"sentinel": True}))
                choice = label.split(".", 1)[1] if "." in label else label
                outcome = _OUTCOMES.get(choice, f"digits {choice}" if "." in label else "")
                edge = Edge(member.key, key, verb=name, attribute=label, outcome=outcome)
                if key not in keys and key not in sentinels:
                    model.add_node(Node(key, kind="missing", label=key))
                place(edge, target.start, target.end)
                model.add_edge(edge)
                built.edges.append((edge, Site(site_member, target, sentinel)))
    return built


_UUID = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")


def _short(key: str) -> str:
    """A module key as a picture shows it: a UUID (as yay.com makes keys) by its first 8 digits."""
    return key[:8] + "…" if _UUID.fullmatch(key) else key


def all_flows(document, lines: LineIndex | None = None, path: str | None = None) -> list[CallFlow]:
    """Every call flow of a call-flow document (one, or one per item of an API list response)."""
    found = []
    for _, node in document.call_flows():
        built = build(node, lines, path)
        if built is not None:
            found.append(built)
    return found
