from ..diagnostics import Severity
from ..flow.checks import FlowRule


class InvalidDocument(FlowRule):
    """A document of the flow has FlexML errors.

    ## What it checks
    Each document the flow reaches (a template as it renders, a literal, a file, a live response) is
    linted like `flexml lint` does; a document with errors gets one finding that carries them all
    (JSON: `problems`), placed at the first. Values only known at run time are not judged.

    ## Why
    One invalid document in the middle of a menu ends every call that reaches it.

    ## Example
    ```xml
    <!-- /ivr/welcome -->
    <Response><Gather action="/ivr/welcome" numDigits="one"><Say>Hi</Say></Gather><Hangup/></Response>
    ```

    ## Use instead
    ```xml
    <!-- /ivr/welcome -->
    <Response><Gather action="/ivr/welcome" numDigits="1"><Say>Hi</Say></Gather><Hangup/></Response>
    ```
    """

    code = "FX503"
    name = "invalid-document"
    severity = Severity.ERROR

    def check_flow(self, flow):
        found = []
        for node in flow.nodes.values():
            problems = [p for p in node.data.get("problems") or () if p.get("code")]
            if not problems:
                continue
            first = problems[0]
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            finding = self.at_node(node, f"`{node.id}` is not valid FlexML: {first['code']} {first['message']}{more}",
                                   problems=problems)
            if first.get("path"):
                finding.path, finding.line, finding.column = first["path"], first.get("line"), first.get("column")
                finding.end_line = finding.end_column = None
            found.append(finding)
        return found
