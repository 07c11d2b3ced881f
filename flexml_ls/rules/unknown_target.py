from ..diagnostics import Severity
from ..flow.checks import FlowRule


class UnknownTarget(FlowRule):
    """A document sends the call to a URL that nothing serves.

    ## What it checks
    Every URL a verb sends the call to (`<Gather action>`, `<Redirect>`, `errorAction`...), resolved
    as CarrierX resolves it (relative to the document's own URL): no route, template or file serves
    it, `url_for('name')`/`{% url 'name' %}` names no route, the route refuses the method the verb
    uses, or (`--app`, `--url`) the app answers 404 or 405. A URL only known at run time
    (`{{ next }}`) is a dynamic edge, never this error. URLs requested on the side (status callbacks
    such as `recordingStatusCallback`) are checked the same way, and so is the crawl's start (the
    URL CarrierX requests first, with the DID's method: `--method`).

    ## Why
    CarrierX finds out during the call: the caller hears an error and is cut off. Twilio reports the
    same mistake as error 11200 only when a caller has hit it.

    ## Example
    ```xml
    <!-- /ivr/welcome -->
    <Response>
      <Gather action="/ivr/menu" numDigits="1"><Say>Press 1.</Say></Gather>
      <Hangup/>
    </Response>
    ```

    ## Use instead
    ```xml
    <!-- /ivr/welcome -->
    <Response>
      <Gather action="/ivr/menu" numDigits="1"><Say>Press 1.</Say></Gather>
      <Hangup/>
    </Response>
    <!-- /ivr/menu -->
    <Response><Say>Thank you.</Say><Hangup/></Response>
    ```
    """

    code = "FX501"
    name = "unknown-target"
    severity = Severity.ERROR

    def check_flow(self, flow):
        found = []
        for edge in flow.edges:
            target = flow.nodes.get(edge.target) if edge.target is not None else None
            if target is None or edge.dynamic:
                continue
            if target.kind == "missing":
                status = target.data.get("status")
                why = f"answers {status}" if status else "is served by no route, template or file"
                if edge.data.get("callback"):
                    message = f"`<{edge.verb}>` sends its `{edge.attribute}` requests to `{target.id}`, which {why}"
                else:
                    message = f"`<{edge.verb}>` sends the call to `{target.id}`, which {why}"
                found.append(self.at_edge(edge, target.id, message))
            elif edge.data.get("refused"):
                allowed = ", ".join(target.data.get("methods") or ())
                found.append(self.at_edge(edge, target.id, f"`<{edge.verb}>` requests `{target.id}` with "
                                          f"{edge.data['refused']}, which its route refuses (it accepts {allowed})"))
        start = flow.nodes.get(flow.start) if flow.start is not None else None
        if start is not None and start.kind == "missing" and start.data.get("status"):  # (a crawl's first request)
            found.append(self.at_node(start, f"the start `{start.id}` answers {start.data['status']} to CarrierX's "
                                      f"first request ({start.method}; --method says which the DID uses)"))
        return found
