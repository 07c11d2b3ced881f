"""The flow's emitters: findings (text, json, sarif, github) and pictures (mermaid, dot, html).

Each reads only the model (`Flow`), for FlexML apps and JSON call flows alike, and is deterministic:
nodes are numbered `n0, n1...` in the order of their ids, edges keep the flow's (sorted) order.
Dynamic edges are dashed, edges on a cycle without input red, unreachable documents grey, targets
that nothing serves red.
"""
from __future__ import annotations

import html as html_module
import json
import shutil
import subprocess

from .. import __version__
from .model import Edge, Finding, Flow

# Past these Mermaid refuses to draw (its defaults: maxEdges 500, maxTextSize 50,000).
MERMAID_MAX_EDGES = 500
MERMAID_MAX_TEXT = 50_000
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def edge_label(edge: Edge) -> str:
    label = edge.verb
    if edge.attribute and edge.attribute not in ("text",):
        label += f" {edge.attribute}"
    if edge.method and edge.method != "POST":
        label += f" {edge.method}"
    if edge.outcome:
        label += f": {edge.outcome}"
    return label


def _where(finding: Finding) -> str:
    if finding.path:
        place = finding.path
        if finding.line:
            place += f":{finding.line}:{finding.column or 1}"
        return place
    return finding.url


# --- findings -------------------------------------------------------------------------------------

def text(flow: Flow) -> str:
    return "".join(f"{_where(f)}: {f.code} {f.severity}: {f.message}\n" for f in flow.findings)


def to_dict(flow: Flow) -> dict:
    nodes = []
    for node in sorted(flow.nodes.values(), key=lambda n: n.id):
        item = {"id": node.id, "url" if flow.dialect == "flexml" else "key": node.id, "kind": node.kind,
                "method": node.method, "path": node.path, "line": node.line,
                "terminal": node.terminal, "collects_input": node.collects_input}
        if node.label:
            item["label"] = node.label
        nodes.append(item)
    edges = [{"from": e.source, "to": e.target, "verb": e.verb, "attribute": e.attribute, "method": e.method,
              "outcome": e.outcome, "dynamic": e.dynamic, "path": e.path, "line": e.line, "column": e.column}
             for e in flow.edges]
    findings = []
    for f in flow.findings:
        item = {"code": f.code, "severity": f.severity, "message": f.message, "url": f.url}
        if f.source is not None:
            item["from"] = f.source
        item.update({"path": f.path, "line": f.line, "column": f.column})
        item.update(f.data)
        findings.append(item)
    return {"version": 1, "dialect": flow.dialect, "start": flow.start, "nodes": nodes, "edges": edges,
            "findings": findings}


def json_text(flow: Flow) -> str:
    return json.dumps(to_dict(flow), indent=2, ensure_ascii=False) + "\n"


def sarif(flow: Flow) -> str:
    from ..rules import RULES
    codes = sorted({f.code for f in flow.findings})
    rules = [{"id": code, "name": RULES[code].name, "shortDescription": {"text": RULES[code].summary()},
              "help": {"text": RULES[code].documentation()},
              "defaultConfiguration": {"level": _SARIF_LEVEL[RULES[code].severity.value]}}
             for code in codes if code in RULES]
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results = []
    for f in flow.findings:
        result = {"ruleId": f.code, "level": _SARIF_LEVEL.get(f.severity, "warning"), "message": {"text": f.message}}
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        if f.path:
            from ..formats.sarif import _artifact
            region = {"startLine": f.line or 1, "startColumn": f.column or 1}
            result["locations"] = [{"physicalLocation": {"artifactLocation": _artifact(f.path), "region": region}}]
        else:
            result["locations"] = [{"logicalLocations": [{"name": f.url, "kind": "resource"}]}]
        results.append(result)
    log = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
           "runs": [{"tool": {"driver": {"name": "flexml flow", "version": __version__,
                                         "informationUri": "https://pypi.org/project/flexml-ls/", "rules": rules}},
                     "columnKind": "unicodeCodePoints", "originalUriBaseIds": {"%SRCROOT%": {"uri": "./"}},
                     "results": results}]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def github(flow: Flow) -> str:
    from ..formats.github import _data, _property
    out = []
    for f in flow.findings:
        level = _GITHUB_LEVEL.get(f.severity, "warning")
        props = [f"file={_property(f.path)}"] if f.path else []
        if f.path and f.line:
            props += [f"line={f.line}", f"col={f.column or 1}"]
        props.append(f"title={_property(f.code)}")
        out.append(f"::{level} {','.join(props)}::{_data(f'{f.code} {f.message} ({f.url})')}\n")
    return "".join(out)


# --- pictures -------------------------------------------------------------------------------------

class _Picture:
    """What every picture shows: numbered nodes, which are unreachable, which edges are on a cycle."""

    def __init__(self, flow: Flow):
        self.flow = flow
        linked = {e.source for e in flow.edges} | {e.target for e in flow.edges} | {flow.start}
        # (routes that serve no FlexML and take part in no transfer, such as health checks, are left out)
        shown = [n.id for n in flow.nodes.values() if n.id in linked or n.kind != "document" or n.data.get("flexml")
                 or n.data.get("serves_flexml", True)]
        self.ids = {node_id: f"n{i}" for i, node_id in enumerate(sorted(shown))}
        reached = flow.reachable() if flow.start in flow.nodes else None
        if reached is not None and any(e.dynamic and e.source in reached for e in flow.edges):
            reached = None  # (a dynamic edge may reach anything: as FX504 judges)
        self.unreachable = set() if reached is None else {
            n.id for n in flow.nodes.values() if n.id not in reached and n.id in self.ids
            and (n.kind == "module" or (n.kind == "document" and (n.data.get("flexml") or n.data.get("serves_flexml"))))}
        if "focus" in flow.data:  # (a part of a flow: what the whole flow's FX504 found)
            self.unreachable = {f.url for f in flow.findings if f.code == "FX504"} & set(self.ids)
        cycles = flow.cycles_without_input()
        self.cycle_of = {node_id: i for i, cycle in enumerate(cycles) for node_id in cycle}
        self.dynamic = [edge for edge in flow.edges if edge.target is None or edge.target not in flow.nodes]

    def on_cycle(self, edge: Edge) -> bool:
        return edge.target is not None and edge.source in self.cycle_of \
            and self.cycle_of.get(edge.target) == self.cycle_of[edge.source]

    def label(self, node_id: str) -> str:
        node = self.flow.nodes[node_id]
        return node.label or node_id


def _mermaid_text(value: str) -> str:
    return value.replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def mermaid(flow: Flow) -> str:
    picture = _Picture(flow)
    lines = ["flowchart LR"]
    for node_id, short in picture.ids.items():
        node = flow.nodes[node_id]
        label = _mermaid_text(picture.label(node_id))
        if node.kind == "missing":
            lines.append(f'  {short}{{{{"{label}"}}}}:::missing')
        elif node_id == flow.start:
            lines.append(f'  {short}(["{label}"]):::start')
        elif node.terminal and not flow.successors(node_id):
            lines.append(f'  {short}(["{label}"])')
        else:
            lines.append(f'  {short}["{label}"]')
        if node_id in picture.unreachable:
            lines.append(f"  class {short} unreachable")
    red = []
    dynamic_count = 0
    for index, edge in enumerate(flow.edges):
        label = _mermaid_text(edge_label(edge))
        source = picture.ids[edge.source]
        if edge.target is None or edge.target not in picture.ids:
            dynamic_count += 1
            target = f"d{dynamic_count}"
            lines.append(f'  {target}(("?")):::dynamic')
        else:
            target = picture.ids[edge.target]
        arrow = f'-. "{label}" .->' if edge.dynamic or edge.data.get("callback") else f'-- "{label}" -->'
        lines.append(f"  {source} {arrow} {target}")
        if picture.on_cycle(edge):
            red.append(str(index))
    lines.append("  classDef missing stroke:#d00,stroke-width:2px,color:#d00")
    lines.append("  classDef unreachable fill:#ddd,color:#777")
    lines.append("  classDef start stroke-width:3px")
    lines.append("  classDef dynamic fill:#fff,stroke-dasharray:3 3")
    if red:
        lines.append(f"  linkStyle {','.join(red)} stroke:#d00,stroke-width:2px")
    return "\n".join(lines) + "\n"


def mermaid_warnings(flow: Flow, rendered: str) -> list[str]:
    warnings = []
    if len(flow.edges) > MERMAID_MAX_EDGES:
        warnings.append(f"{len(flow.edges)} edges: Mermaid draws at most {MERMAID_MAX_EDGES} by default; "
                        "use --format dot (Graphviz has no such limit), or draw a part with --focus URL")
    if len(rendered) > MERMAID_MAX_TEXT:
        warnings.append(f"{len(rendered)} characters: Mermaid refuses diagrams past {MERMAID_MAX_TEXT} by default; "
                        "use --format dot, or draw a part with --focus URL")
    return warnings


def _dot_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


def dot(flow: Flow) -> str:
    picture = _Picture(flow)
    lines = ["digraph flow {", "  rankdir=LR;", '  node [shape=box, style="rounded", fontname="Helvetica"];',
             '  edge [fontname="Helvetica", fontsize=10];']
    for node_id, short in picture.ids.items():
        node = flow.nodes[node_id]
        attributes = [f'label="{_dot_text(picture.label(node_id))}"']
        if node.kind == "missing":
            attributes.append('color="#dd0000", fontcolor="#dd0000", style="dashed"')
        elif node_id in picture.unreachable:
            attributes.append('style="rounded,filled", fillcolor="#dddddd", fontcolor="#777777"')
        if node_id == flow.start:
            attributes.append("penwidth=2.5")
        if node.terminal and not flow.successors(node_id) and node.kind != "missing":
            attributes.append("peripheries=2")
        lines.append(f"  {short} [{', '.join(attributes)}];")
    dynamic_count = 0
    for edge in flow.edges:
        source = picture.ids[edge.source]
        if edge.target is None or edge.target not in picture.ids:
            dynamic_count += 1
            target = f"d{dynamic_count}"
            lines.append(f'  {target} [label="?", shape=circle, style=dashed];')
        else:
            target = picture.ids[edge.target]
        attributes = [f'label="{_dot_text(edge_label(edge))}"']
        if edge.dynamic:
            attributes.append("style=dashed")
        if edge.data.get("callback"):
            attributes.append('style=dotted, color="#888888", fontcolor="#888888"')
        if picture.on_cycle(edge):
            attributes.append('color="#dd0000", penwidth=2')
        lines.append(f"  {source} -> {target} [{', '.join(attributes)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


GRAPHVIZ_HINT = ("Graphviz's `dot` is not installed, so the picture is left out: install it "
                 "(apt-get install graphviz, brew install graphviz, or https://graphviz.org/download/) "
                 "and run again, or paste the DOT source below into any Graphviz viewer.")


def svg_of(dot_source: str) -> str | None:
    """The graph drawn by Graphviz (`dot -Tsvg`), or None when it is not installed or fails."""
    program = shutil.which("dot")
    if program is None:
        return None
    try:
        done = subprocess.run([program, "-Tsvg"], input=dot_source.encode(), capture_output=True, timeout=60,
                              check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    svg = done.stdout.decode("utf-8", "replace")
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else None


def html(flow: Flow) -> str:
    """One self-contained page: the graph as inline SVG (drawn by Graphviz when installed), the
    findings, and the edges. No script, style sheet or font is fetched from anywhere."""
    escape = html_module.escape
    dot_source = dot(flow)
    svg = svg_of(dot_source)
    title = f"Call flow from {flow.start}" if flow.start else "Call flow"
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">', f"<title>{escape(title)}</title>",
             "<style>body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}"
             "td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}.error{color:#b00}"
             ".warning{color:#a60}svg{max-width:100%;height:auto}pre{background:#f6f6f6;padding:1em}</style>",
             "</head><body>", f"<h1>{escape(title)}</h1>"]
    if svg is not None:
        parts.append(f'<div class="graph">{svg}</div>')
    else:
        parts.append(f'<p class="warning">{escape(GRAPHVIZ_HINT)}</p>')
        parts.append(f"<pre>{escape(dot_source)}</pre>")
    parts.append(f"<h2>Findings ({len(flow.findings)})</h2>")
    if flow.findings:
        parts.append("<table><tr><th>code</th><th>severity</th><th>where</th><th>message</th></tr>")
        for f in flow.findings:
            parts.append(f'<tr class="{escape(f.severity)}"><td>{escape(f.code)}</td><td>{escape(f.severity)}</td>'
                         f"<td>{escape(_where(f))}</td><td>{escape(f.message)}</td></tr>")
        parts.append("</table>")
    else:
        parts.append("<p>No problems found.</p>")
    parts.append(f"<h2>Transfers ({len(flow.edges)})</h2><table><tr><th>from</th><th>to</th><th>by</th><th>source</th></tr>")
    for edge in flow.edges:
        where = f"{edge.path}:{edge.line}" if edge.path and edge.line else ""
        target = edge.target if edge.target is not None else "(known at run time)"
        parts.append(f"<tr><td>{escape(edge.source)}</td><td>{escape(target)}</td><td>{escape(edge_label(edge))}"
                     f"{' (dynamic)' if edge.dynamic else ''}</td><td>{escape(where)}</td></tr>")
    parts.append("</table></body></html>\n")
    return "\n".join(parts)


FORMATS = {"text": text, "json": json_text, "sarif": sarif, "github": github, "mermaid": mermaid, "dot": dot,
           "html": html}


def emit(flow: Flow, fmt: str) -> str:
    return FORMATS[fmt](flow)
