from ..diagnostics import Severity
from .base import Context, Rule


class EmptyDocument(Rule):
    """The document is empty.

    ## What it checks
    A document with no element at all (empty, only whitespace, or only comments).

    ## Why
    CarrierX needs a `<Response>` to run; an empty body ends the call with an error.

    ## Example
    ```xml
    <!-- TODO -->
    ```

    ## Use instead
    ```xml
    <Response>
      <Hangup/>
    </Response>
    ```
    """

    code = "FX002"
    name = "empty-document"
    severity = Severity.ERROR
    parse_judged = True

    def check_document(self, ctx: Context) -> None:
        if ctx.document.is_empty:
            ctx.report(self, 0, 0, f"Empty document: expected a `<{ctx.catalog.root_name}>` element")
