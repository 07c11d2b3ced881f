from ..diagnostics import Severity
from ..dynamic import is_dynamic, name_matches
from ..parse import Element
from .base import Context, Rule


class RepeatableAttribute(Rule):
    """A template's dynamic attribute could repeat an attribute the tag already has.

    ## What it checks
    In a template, an attribute whose name is rendered (`{% for k, v in attrs.items %} {{ k }}="{{ v }}"{% endfor %}`,
    or `{{ place.type }}Sid="…"`) beside literal attributes it could repeat: a loop's `{{ k }}` can
    be any name, `{{ t }}Sid` any name ending in `Sid`.

    ## Why
    An attribute written twice makes the rendered document not well-formed XML: CarrierX rejects
    it. CarrierX's own voicemail template has a literal `action` and a loop over attributes the view
    allows, `action` among them.

    ## Example
    ```xml
    <Response>
      <Record action="/goodbye"{% for k, v in attrs.items %} {{ k }}="{{ v }}"{% endfor %}/>
    </Response>
    ```

    ## Use instead
    ```xml
    <Response>
      <Record{% for k, v in attrs.items %} {{ k }}="{{ v }}"{% endfor %}/>
    </Response>
    ```
    Set the attribute in the loop only, or keep the literal and leave it out of what the loop may
    render (filter it in the view).
    """

    code = "FX120"
    name = "repeatable-attribute"
    severity = Severity.WARNING
    # The XSD rejects every attribute name holding MARK (no FlexML attribute has one), so an element
    # with a dynamic name is never one the XSD accepted: like the rules the XSD judges, this one is
    # skipped where the XSD accepted everything, and asked only about suspects' attributes.
    schema_judged = True
    about_attributes = True

    def check_element(self, element: Element, ctx: Context) -> None:
        literal = [a for a in element.attributes if not is_dynamic(a.name)]
        if len(literal) == len(element.attributes) or not literal:
            return
        for attribute in element.attributes:
            if not is_dynamic(attribute.name):
                continue
            repeated = [a.name for a in literal if name_matches(attribute.name, a.name)]
            if repeated:
                names = ", ".join(f"`{name}`" for name in repeated)
                ctx.report(self, attribute.name_start, attribute.name_end,
                           f"`{attribute.name}` on `<{ctx.name_of(element)}>` could repeat {names}: "
                           f"an attribute written twice is not well-formed XML")

