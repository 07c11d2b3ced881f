from ..diagnostics import Severity
from ..parse import Element
from .base import Context, Rule
from .unknown_element import rename_element


class ElementNameCase(Rule):
    """An element name in the wrong letter case.

    ## What it checks
    An element whose name matches a FlexML element only when letter case is ignored, such as
    `<HangUp/>` or `<AMD>`.

    ## Why
    CarrierX's own sample apps send such names and CarrierX accepts them, so this is a warning, not
    an error; but the documented spelling is the one guaranteed to keep working, and the one other
    tools (and the XSD) expect.

    ## Example
    ```xml
    <Response>
      <HangUp/>
    </Response>
    ```

    ## Use instead
    ```xml
    <Response>
      <Hangup/>
    </Response>
    ```

    ## Fix safety
    Safe: the fix renames the start and end tags to the documented spelling.
    """

    code = "FX103"
    name = "element-name-case"
    severity = Severity.WARNING
    schema_judged = True
    fixable = True

    def check_element(self, element: Element, ctx: Context) -> None:
        canonical = ctx.info[element].canonical
        name = element.name
        if canonical is not None and canonical != name:
            name_start = element.name_start
            ctx.report(self, name_start, name_start + len(name), f"`<{name}>` should be spelled `<{canonical}>`",
                       rename_element(element, canonical, f"Rename to `{canonical}`", safe=True))
