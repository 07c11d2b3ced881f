"""`flexml flow x.callflow.json`: a call flow's modules as the shared flow model, with the call-flow
rules' diagnostics as its findings, for the flow emitters (flexml_ls.flow.emit) to print or draw."""
from __future__ import annotations

from pathlib import Path

from ..config import Config
from ..flow import Finding, Flow
from ..source import decode
from .document import JsonDocument
from .graph import all_flows


class NotACallFlow(ValueError):
    pass


def flow_of_file(path: Path, config: Config, choice: str | None = None) -> tuple[Flow, list[str]]:
    """The call flow in a JSON file, with its findings, and warnings for the user (NotACallFlow when
    the file holds none: not JSON, or JSON of another kind). In an API list response of several call
    flows, `choice` (a flow's uuid, name or extension) says which; the first otherwise."""
    from .linting import lint
    try:
        data = path.read_bytes()
    except OSError as error:
        raise NotACallFlow(f"{path}: {error.strerror or error}") from None
    decoded = decode(data)
    document = JsonDocument(decoded.text, str(path))
    result = lint(decoded.text, config, decoded=decoded, filename=str(path))
    if document.error is not None:
        syntax = next((d for d in result.diagnostics if d.code == "FX001"), None)
        where = f":{syntax.line}:{syntax.column}" if syntax else ""
        raise NotACallFlow(f"{path}{where}: not valid JSON: {document.error[1]}")
    flows = all_flows(document, result.lines, str(path))
    if document.kind != "callflow" or not flows:
        raise NotACallFlow(f"{path}: not a call flow (an object with a `flow` map of modules)")
    objects = [node for _, node in document.call_flows()  # (those all_flows built a flow of)
               if node.kind == "object" and node.get("flow") is not None and node.get("flow").kind == "object"]
    names = [_names(node) for node in objects]
    warnings = []
    index = 0
    if choice is not None:
        index = next((i for i, each in enumerate(names) if choice in each), -1)
        if index < 0:
            raise NotACallFlow(f"{path}: no call flow has the uuid, name or extension {choice!r} "
                               f"(it holds {_listed(names)})")
    elif len(flows) > 1:
        warnings.append(f"{path} holds {len(flows)} call flows ({_listed(names)}); the first is drawn: "
                        "choose one with --start UUID|NAME|EXTENSION")
    built = flows[index]
    spans = [(site.member.key_start, site.member.value.end, key) for key, site in built.modules.items()]
    flow_object = objects[index]
    first, last = flow_object.start, flow_object.end
    findings = []
    for d in result.diagnostics:
        if not first <= d.start < last:
            continue  # another call flow's, or the envelope's
        module = next((key for start, end, key in spans if start <= d.start < end), "")
        findings.append(Finding(d.code, d.severity.value, d.message, module, None, str(path), d.line, d.column,
                                d.end_line, d.end_column))
    built.flow.findings = findings
    return built.flow, warnings


def _names(flow_object) -> list[str]:
    """What a call flow may be chosen by: its uuid, name and extension, as written."""
    found = []
    for key in ("uuid", "name", "extension"):
        value = flow_object.get(key)
        if value is not None and value.kind in ("string", "number"):
            found.append(str(value.value))
    return found


def _listed(names: list[list[str]]) -> str:
    return ", ".join(" / ".join(each) or "(unnamed)" for each in names)

