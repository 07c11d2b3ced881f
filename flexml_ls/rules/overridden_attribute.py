from ..diagnostics import Severity
from ..parse import Element
from .base import Context, Rule, is_set, needing


class OverriddenAttribute(Rule):
    """An attribute that another attribute makes CarrierX ignore.

    ## What it checks
    `<Record>` `containerSid` together with `fileSid`: the file already lives in a container, so
    `containerSid` is ignored.

    ## Why
    The author expects the recording in that container; it goes elsewhere.

    ## Example
    ```xml
    <Response>
      <Record fileSid="5d9c0a5e-8e21-4a7c-9a3f-0a1b2c3d4e5f" containerSid="0f9e8d7c-6b5a-4321-8fed-cba987654321"/>
    </Response>
    ```

    ## Use instead
    ```xml
    <Response>
      <Record fileSid="5d9c0a5e-8e21-4a7c-9a3f-0a1b2c3d4e5f"/>
    </Response>
    ```
    """

    code = "FX303"
    name = "overridden-attribute"
    severity = Severity.WARNING
    fact = "overrides"

    def prefilter(self, element_type):
        facts = tuple((fact["ignored"], fact["attribute"]) for fact in element_type.facts_of("overrides"))

        def overridden(node) -> bool:
            get = node.get
            for ignored, attribute in facts:
                if get(ignored) is not None and is_set(get(attribute)):
                    return True
            return False
        return needing((ignored for ignored, _ in facts), overridden)

    def check_element(self, element: Element, ctx: Context) -> None:
        element_type = ctx.type_of(element)
        if element_type is None:
            return
        for fact in element_type.facts_of("overrides"):
            ignored = ctx.attribute(element, fact["ignored"])
            if ignored is not None and ctx.has_value(element, fact["attribute"]):
                ctx.report(self, ignored.name_start, ignored.name_end,
                           f"`{fact['ignored']}` on `<{ctx.name_of(element)}>` is ignored when `{fact['attribute']}` is set")
