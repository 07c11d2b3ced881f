"""The flow rules (FX5xx): registered with every other rule in `flexml_ls.rules`, so `flexml rule`,
docs/rules.md and `--select`/`--ignore` know them, but they run on a `Flow`, not on a document (the
engine never calls them: they override none of its hooks)."""
from __future__ import annotations

from ..rules.base import Rule
from .model import Edge, Finding, Flow, Node


class FlowRule(Rule):
    scope = "flow"

    def check_flow(self, flow: Flow) -> list[Finding]:
        raise NotImplementedError

    # helpers for the rules
    def at_edge(self, edge: Edge, url: str, message: str, **data) -> Finding:
        return Finding(self.code, self.severity.value, message, url, edge.source, edge.path, edge.line, edge.column,
                       edge.end_line, edge.end_column, dict(data))

    def at_node(self, node: Node, message: str, **data) -> Finding:
        return Finding(self.code, self.severity.value, message, node.id, None, node.path, node.line, node.column,
                       data=dict(data))


def flow_rules() -> dict[str, type[FlowRule]]:
    from ..rules import RULES
    return {code: rule for code, rule in RULES.items() if issubclass(rule, FlowRule)}


def check(flow: Flow, select: list[str] | None = None, ignore: list[str] | None = None,
          severity: dict | None = None) -> list[Finding]:
    """Run the selected flow rules; the findings go into `flow.findings` (sorted) and are returned."""
    from ..rules import select as select_codes
    chosen = set(select_codes(select, ignore))
    findings: list[Finding] = []
    for code, rule in flow_rules().items():
        if code in chosen:
            for finding in rule().check_flow(flow):
                if severity and code in severity:
                    finding.severity = getattr(severity[code], "value", severity[code])
                findings.append(finding)
    findings.sort(key=finding_order)
    flow.findings = findings
    return findings


def finding_order(finding: Finding):
    return (finding.path or "~", finding.line or 0, finding.column or 0, finding.code, finding.url, finding.source or "")


def has_errors(flow: Flow) -> bool:
    return any(f.severity == "error" for f in flow.findings)
