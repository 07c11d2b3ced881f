from ..diagnostics import Edit, Fix, Severity
from ..parse import Element
from .base import Context, Rule


class AttributeNameCase(Rule):
    """An attribute name in the wrong letter case.

    ## What it checks
    An attribute whose name matches one of the element's attributes only when letter case is
    ignored, such as `minsilence` for `minSilence` or `numdigits` for `numDigits`.

    ## Why
    CarrierX's own apps send such names and CarrierX accepts them, so this is a warning; the
    documented spelling is the one guaranteed to keep working.

    ## Example
    ```xml
    <Response>
      <Pause length="5" silence="true" minsilence="500"/>
    </Response>
    ```

    ## Use instead
    ```xml
    <Response>
      <Pause length="5" silence="true" minSilence="500"/>
    </Response>
    ```

    ## Fix safety
    Safe: the fix renames the attribute to the documented spelling.
    """

    code = "FX108"
    name = "attribute-name-case"
    severity = Severity.WARNING
    schema_judged = True
    about_attributes = True
    fixable = True

    def check_element(self, element: Element, ctx: Context) -> None:
        element_type = ctx.type_of(element)
        if element_type is None:
            return
        for attribute, canonical, _ in ctx.resolved_attributes(element):
            if canonical is not None and canonical != attribute.name:
                ctx.report(self, attribute.name_start, attribute.name_end,
                           f"Attribute `{attribute.name}` on `<{ctx.name_of(element)}>` should be spelled `{canonical}`",
                           Fix(f"Rename to `{canonical}`", (Edit(attribute.name_start, attribute.name_end, canonical),)))
