from ..diagnostics import Edit, Fix, Severity
from ..parse import Element
from .base import Context, Rule, did_you_mean, needing


class UnknownValue(Rule):
    """A value the attribute's type accepts, but that is none of the values the reference names.

    ## What it checks
    Attributes the reference types as free text while documenting only some values (the schema's
    `fx:knownValues` facts): `<Record>` `lifecycleAction` is `delete` or `no_action`.

    ## Why
    CarrierX takes any text here, so an unknown value is not rejected; what it does is not
    documented, and is most likely a typo for a known value.

    ## Example
    ```xml
    <Response>
      <Record lifecycleTtl="86400" lifecycleAction="archive"/>
    </Response>
    ```

    ## Use instead
    ```xml
    <Response>
      <Record lifecycleTtl="86400" lifecycleAction="no_action"/>
    </Response>
    ```

    ## Fix safety
    Safe: only a known value written in another letter case (`Delete`) gets a fix, to the
    documented spelling; other values are left to the author.
    """

    code = "FX205"
    name = "unknown-value"
    severity = Severity.WARNING
    fact = "knownValues"
    fixable = True

    def prefilter(self, element_type):
        known = {fact["attribute"]: frozenset(element_type.attributes[fact["attribute"]].type.values)
                 for fact in element_type.facts_of("knownValues")}

        def unknown(node) -> bool:
            for name, values in known.items():
                value = node.get(name)
                if value is not None and value.strip() not in values:
                    return True
            return False
        return needing(known, unknown)

    def check_element(self, element: Element, ctx: Context) -> None:
        element_type = ctx.type_of(element)
        if element_type is None:
            return
        for fact in element_type.facts_of("knownValues"):
            name = fact["attribute"]
            attribute = ctx.attribute(element, name)
            if attribute is None or attribute.value is None:
                continue
            values = element_type.attributes[name].type.values
            value = attribute.value
            if value.strip() in values:
                continue
            message = (f"`{name}=\"{value}\"` on `<{ctx.name_of(element)}>` is not a documented value "
                       f"(" + ", ".join(f"`{v}`" for v in values) + ")")
            suggestion = did_you_mean(value.strip(), values)
            if suggestion:
                message += f"; did you mean `{suggestion}`?"
            start, end = attribute.value_start, attribute.value_end
            fix = None
            if start < 0:
                start, end = attribute.name_start, attribute.name_end
            elif suggestion is not None and suggestion.casefold() == value.strip().casefold():
                fix = Fix(f"Change to `{suggestion}`", (Edit(start, end, suggestion),))
            ctx.report(self, start, end, message, fix)
