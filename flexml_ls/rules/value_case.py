from ..diagnostics import Edit, Fix, Severity
from ..parse import Element
from .base import Context, Rule


class ValueCase(Rule):
    """An enumerated value in the wrong letter case.

    ## What it checks
    A value that matches one of the attribute's allowed values only when letter case is ignored,
    such as `record="Record-From-Answer"` or `background="True"`. HTTP methods (`post`, `Get`) are
    accepted in any case and are not reported.

    ## Why
    CarrierX's own apps send such values and CarrierX accepts them, so this is a warning; the
    documented spelling is the one guaranteed to keep working.

    ## Example
    ```xml
    <Response>
      <Record fileFormat="MP3"/>
    </Response>
    ```

    ## Use instead
    ```xml
    <Response>
      <Record fileFormat="mp3"/>
    </Response>
    ```

    ## Fix safety
    Safe: the fix replaces the value with the documented spelling.
    """

    code = "FX202"
    name = "value-case"
    severity = Severity.WARNING
    schema_judged = True
    about_attributes = True
    fixable = True

    def check_element(self, element: Element, ctx: Context) -> None:
        element_type = ctx.type_of(element)
        if element_type is None:
            return
        for attribute, canonical, problem in ctx.resolved_attributes(element):
            # (Offsets are read only when reporting: on lxml's tree they cost a scan.)
            if problem is not None and problem.canonical is not None and attribute.value_start >= 0:
                ctx.report(self, attribute.value_start, attribute.value_end,
                           f"`{canonical}=\"{attribute.value}\"` on `<{ctx.name_of(element)}>` should be spelled `{problem.canonical}`",
                           Fix(f"Change to `{problem.canonical}`",
                               (Edit(attribute.value_start, attribute.value_end, problem.canonical),)))
