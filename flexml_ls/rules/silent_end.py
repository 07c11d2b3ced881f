from ..diagnostics import Severity
from ..flow.checks import FlowRule


class SilentEnd(FlowRule):
    """A document whose last verb waits for input, with nothing after it: no input ends the call.

    ## What it checks
    Documents of the flow whose last verb is a `<Gather>` (or `<Record>`) with an `action`: the call
    moves to the action only when the caller gives input; when they press nothing, the next verb
    runs, and there is none, so CarrierX hangs up without a word. A verb after it (a prompt, a
    `<Redirect>` back to the menu, an explicit `<Hangup/>`) is the fallback this rule asks for.

    ## Why
    Callers who hesitate, or whose phone sends no tones, are cut off in silence. It is the most
    common dead end of an IVR menu.

    ## Example
    ```xml
    <!-- /ivr/welcome -->
    <Response>
      <Gather action="/ivr/welcome" numDigits="1"><Say>Press 1 for sales.</Say></Gather>
    </Response>
    ```

    ## Use instead
    ```xml
    <!-- /ivr/welcome -->
    <Response>
      <Gather action="/ivr/welcome" numDigits="1"><Say>Press 1 for sales.</Say></Gather>
      <Say>We did not get that.</Say>
      <Redirect>/ivr/welcome</Redirect>
    </Response>
    ```
    """

    code = "FX506"
    name = "silent-end"
    severity = Severity.WARNING

    def check_flow(self, flow):
        found = []
        for node in flow.nodes.values():
            end = node.data.get("silent_end")
            if not end:
                continue
            finding = self.at_node(node, f"`{node.id}` ends the call when the caller gives no input: its last verb "
                                         f"`<{end['verb']}>` has no fallback after it")
            if end.get("line"):
                finding.path, finding.line, finding.column = end.get("path") or node.path, end["line"], end["column"]
            found.append(finding)
        return found
