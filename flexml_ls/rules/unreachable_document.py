from ..diagnostics import Severity
from ..flow.checks import FlowRule


class UnreachableDocument(FlowRule):
    """A route or document that no path from the start reaches.

    ## What it checks
    With a start URL (`--start`, or `start` in `[tool.flexml.flow]`): every document the app serves
    (a route that answers FlexML, a FlexML file) that no chain of transfers from the start reaches.
    Routes that answer no FlexML (status callbacks, health checks) are left out. A dynamic edge
    (`{{ next }}`) may reach anything, so it is taken into account: documents are reported only when
    no dynamic edge leaves the reachable part.

    ## Why
    A menu nobody can reach is dead code, or a transfer someone forgot to write.

    ## Example
    ```xml
    <!-- /ivr/welcome -->
    <Response><Say>Goodbye.</Say><Hangup/></Response>
    <!-- /ivr/sales -->
    <Response><Say>Sales.</Say><Hangup/></Response>
    ```

    ## Use instead
    ```xml
    <!-- /ivr/welcome -->
    <Response><Redirect>/ivr/sales</Redirect></Response>
    <!-- /ivr/sales -->
    <Response><Say>Sales.</Say><Hangup/></Response>
    ```
    """

    code = "FX504"
    name = "unreachable-document"
    severity = Severity.WARNING

    def check_flow(self, flow):
        if flow.start is None or flow.start not in flow.nodes:
            return []
        reached = flow.reachable()
        if any(edge.dynamic and edge.source in reached for edge in flow.edges):
            return []
        found = []
        for node in flow.nodes.values():
            if node.kind not in ("document", "module") or node.id in reached:
                continue
            if node.kind == "document" and not (node.data.get("flexml") or node.data.get("serves_flexml")):
                continue
            found.append(self.at_node(node, f"`{node.id}` is reached by no path from `{flow.start}`"))
        return found
