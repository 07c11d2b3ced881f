from ..diagnostics import Severity
from ..parse import Element
from .base import Context, Rule


class ExpectedAttribute(Rule):
    """An attribute the element does nothing useful without is missing.

    ## What it checks
    Attributes the reference does not mark required but the element is pointless without (the
    schema's `fx:expects` facts): `<Store>` `name`. (Attributes CarrierX requires are FX109.)

    ## Why
    CarrierX accepts the verb, but its work goes nowhere: a `<Store>` without `name` saves a value
    that no later request carries, since the field is `Storage_{name}`.

    ## Example
    ```xml
    <Response>
      <Store>gold</Store>
    </Response>
    ```

    ## Use instead
    ```xml
    <Response>
      <Store name="tier">gold</Store>
    </Response>
    ```
    """

    code = "FX111"
    name = "expected-attribute"
    severity = Severity.WARNING
    fact = "expects"

    def prefilter(self, element_type):
        names = tuple(fact["attribute"] for fact in element_type.facts_of("expects"))

        def missing(node) -> bool:
            return any(node.get(name) is None for name in names)
        return missing

    def check_element(self, element: Element, ctx: Context) -> None:
        element_type = ctx.type_of(element)
        if element_type is None:
            return
        for fact in element_type.facts_of("expects"):
            if ctx.attribute(element, fact["attribute"]) is None:
                ctx.report(self, element.name_start, element.name_end,
                           f"`<{ctx.name_of(element)}>` has no `{fact['attribute']}`: {fact['why']}")
