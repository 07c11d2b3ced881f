from ..diagnostics import Severity
from ..flow.checks import FlowRule


class ErrorResponse(FlowRule):
    """A URL the call is sent to answers with an error, or with something that is not FlexML.

    ## What it checks
    Responses of the running app (`flexml flow --app` or `--url`): a 5xx status, a body that is not
    XML (HTML, JSON, an empty page), or XML whose root is not `<Response>`. The finding names the
    request that got it (the digits pressed, the dial status...).

    ## Why
    CarrierX cannot run such a response: the call ends with an error (Twilio: 11200, 12100, 12300).
    The usual cause is a view that does not expect a digit the menu allows.

    ## Example
    ```xml
    <!-- /ivr/welcome -->
    <Response><Redirect>/ivr/broken</Redirect></Response>
    <!-- /ivr/broken -->
    {"error": "not FlexML"}
    ```

    ## Use instead
    ```xml
    <!-- /ivr/welcome -->
    <Response><Redirect>/ivr/goodbye</Redirect></Response>
    <!-- /ivr/goodbye -->
    <Response><Say>Goodbye.</Say><Hangup/></Response>
    ```
    """

    code = "FX502"
    name = "error-response"
    severity = Severity.ERROR

    def check_flow(self, flow):
        found = []
        for node in flow.nodes.values():
            problem = node.data.get("response_problem")
            if not problem:
                continue
            into = [e for e in flow.edges if e.target == node.id]
            via = next((e for e in into if e.path), into[0] if into else None)  # (one with a source position)
            if via is None and node.id != flow.start:
                continue  # (a page of the app the call is never sent to: not a FlexML document)
            request = node.data.get("request")
            message = f"`{node.id}` answers {problem}" + (f" (request: {request})" if request else "")
            if via is not None:
                found.append(self.at_edge(via, node.id, message))
            else:
                found.append(self.at_node(node, message))
        return found
