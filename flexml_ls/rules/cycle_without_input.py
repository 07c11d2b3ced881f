from ..diagnostics import Severity
from ..flow.checks import FlowRule


class CycleWithoutInput(FlowRule):
    """Documents that send the call around a loop in which nothing waits for the caller.

    ## What it checks
    Cycles of transfers (`<Redirect>`, `action` URLs) whose documents hold no verb that collects
    input (`<Gather>`): once the call enters one it goes round forever, and the caller can only hang
    up. A `<Gather>` that loops back to its own document after no input is not such a cycle.

    ## Why
    The caller is stuck, and the app is requested over and over (Twilio Studio stops a flow after
    the same widget ran 10 times in a row).

    ## Example
    ```xml
    <!-- /ivr/a -->
    <Response><Say>One moment.</Say><Redirect>/ivr/b</Redirect></Response>
    <!-- /ivr/b -->
    <Response><Redirect>/ivr/a</Redirect></Response>
    ```

    ## Use instead
    ```xml
    <!-- /ivr/a -->
    <Response><Gather action="/ivr/b" numDigits="1"><Say>Press a key.</Say></Gather><Redirect>/ivr/a</Redirect></Response>
    <!-- /ivr/b -->
    <Response><Redirect>/ivr/a</Redirect></Response>
    ```
    """

    code = "FX505"
    name = "cycle-without-input"
    severity = Severity.ERROR

    def check_flow(self, flow):
        found = []
        for cycle in flow.cycles_without_input():
            members = set(cycle)
            first = cycle[0]
            edge = next((e for e in flow.edges if e.source == first and e.target in members), None)
            loop = " -> ".join([*cycle, first]) if len(cycle) > 1 else f"{first} -> {first}"
            message = f"the call loops forever through {loop}: no document on the way waits for the caller"
            if edge is not None:
                found.append(self.at_edge(edge, first, message, cycle=cycle))
            else:
                found.append(self.at_node(flow.nodes[first], message, cycle=cycle))
        return found
