from ..diagnostics import Edit, Fix, Severity
from ..dynamic import may_have_attribute
from ..parse import Element
from .base import Context, Rule


class MissingAttribute(Rule):
    """A required attribute is missing.

    ## What it checks
    Attributes the element cannot work without: `<Parameter>` `name` and `value`, `<Stream>` `url`
    inside `<Start>` and `<Connect>`, `<Stream>` `name` inside `<Stop>` (it names the stream to
    stop). (`<Store>` `name`, which the reference does not mark required, is FX111.)

    ## Why
    Without them CarrierX rejects the verb, or does nothing useful: a stream with nowhere to send
    audio, a parameter with no name, a `<Stop>` that stops nothing.

    ## Example
    ```xml
    <Response>
      <Start>
        <Stream name="agent"/>
      </Start>
    </Response>
    ```

    ## Use instead
    ```xml
    <Response>
      <Start>
        <Stream name="agent" url="wss://media.example.com/ws"/>
      </Start>
    </Response>
    ```

    ## Fix safety
    Adding the attribute with an empty value is offered as an unsafe fix: you still have to fill
    in the value.
    """

    code = "FX109"
    name = "missing-attribute"
    severity = Severity.ERROR
    schema_judged = True
    about_attributes = True
    fixable = True

    def applies_to(self, element_type) -> bool:
        return element_type is not None and any(a.required for a in element_type.attributes.values())

    def check_element(self, element: Element, ctx: Context) -> None:
        element_type = ctx.type_of(element)
        if element_type is None:
            return
        present = {canonical for _, canonical, _ in ctx.resolved_attributes(element)}
        for name, decl in element_type.attributes.items():
            if decl.required and name not in present and not may_have_attribute(element, name):
                fix = None
                if element.start_tag_end > 0:
                    at = element.start_tag_end - (2 if element.self_closing else 1)
                    while at > element.name_end and ctx.text[at - 1].isspace():
                        at -= 1
                    fix = Fix(f"Add `{name}`", (Edit(at, at, f' {name}=""'),), safe=False)
                ctx.report(self, element.name_start, element.name_end,
                           f"`<{ctx.name_of(element)}>` is missing the required attribute `{name}`", fix)
