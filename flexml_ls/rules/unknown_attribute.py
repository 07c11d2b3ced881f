from functools import lru_cache

from ..dynamic import is_dynamic, name_matches
from ..diagnostics import Edit, Fix, Severity
from ..parse import Attribute, Element
from .base import Context, Rule, did_you_mean

# Namespace declarations and xsi: hints are XML plumbing, not FlexML attributes.
_PLUMBING = ("xmlns", "xmlns:", "xsi:")


def is_plumbing(name: str) -> bool:
    return name == "xmlns" or name.startswith(_PLUMBING[1:])


def remove_attribute(ctx: Context, attribute: Attribute, title: str) -> Fix:
    start = attribute.name_start
    while start > 0 and ctx.text[start - 1] in " \t":
        start -= 1
    end = attribute.name_end
    if attribute.value is not None:
        closed = attribute.quote and ctx.text.startswith(attribute.quote, attribute.value_end)
        end = attribute.value_end + (1 if closed else 0)
    return Fix(title, (Edit(start, end, ""),), safe=False)


class UnknownAttribute(Rule):
    """An attribute the element does not have.

    ## What it checks
    Every attribute must be one the element defines. Names that only differ in letter case are
    FX108. The message suggests the closest attribute of that element, or, for attributes of TwiML
    and other dialects (`Say language`, `Gather input`, `Dial answerOnBridge`…), what FlexML offers
    instead.

    ## Why
    CarrierX rejects unknown attributes, or ignores them silently; either way the behaviour the
    author wanted does not happen.

    ## Example
    ```xml
    <Response>
      <Gather input="speech" numDigits="1"/>
    </Response>
    ```

    ## Use instead
    ```xml
    <Response>
      <Gather numDigits="1"/>
    </Response>
    ```

    ## Fix safety
    Renaming to the suggestion, or removing the attribute, are offered as unsafe fixes.
    """

    code = "FX107"
    name = "unknown-attribute"
    severity = Severity.ERROR
    schema_judged = True
    about_attributes = True
    fixable = True

    def check_element(self, element: Element, ctx: Context) -> None:
        element_type = ctx.type_of(element)
        if element_type is None:
            return
        name = ctx.name_of(element)
        present = None  # the element's own attributes written as it spells them, once one is unknown
        for attribute, canonical, _ in ctx.resolved_attributes(element):
            if canonical is not None or is_plumbing(attribute.name):
                continue  # known (a case variant is FX108), or XML plumbing
            if is_dynamic(attribute.name):
                # A template's name pattern (`{{ t }}Sid`): wrong only if it can name no attribute.
                if not any(name_matches(attribute.name, known) for known in element_type.attributes):
                    ctx.report(self, attribute.name_start, attribute.name_end,
                               f"`{attribute.name}` can name no attribute of `<{name}>`")
                continue
            if present is None:
                # Only these can be suggestions to leave out: a set no larger than the element's
                # attributes, made once (not the names written: that made 20,000 attributes quadratic).
                own = element_type.attributes
                present = frozenset([a.name for a in element.attributes if a.name in own])
            message, suggestion = _verdict(ctx.catalog, element_type, name, attribute.name, present)
            if suggestion is None:
                fix = remove_attribute(ctx, attribute, f"Remove `{attribute.name}`")
            else:
                fix = Fix(f"Rename to `{suggestion}`",
                          (Edit(attribute.name_start, attribute.name_end, suggestion),), safe=False)
            ctx.report(self, attribute.name_start, attribute.name_end, message, fix)


@lru_cache(maxsize=4096)
def _verdict(catalog, element_type, name: str, attribute: str, present: frozenset) -> tuple[str, str | None]:
    """The message for an unknown attribute, and the name to rename it to (None: remove it instead).
    Memoised: the same mistakes recur, and each asks the catalog and did_you_mean."""
    message = f"Unknown attribute `{attribute}` on `<{name}>`"
    hint = catalog.foreign(element=name, attribute=attribute)
    if hint:
        return f"{message}: {hint}", None
    suggestion = did_you_mean(attribute, element_type.attributes, exclude=present)
    if suggestion:
        return f"{message}; did you mean `{suggestion}`?", suggestion
    if not element_type.attributes:
        message += f"; `<{name}>` takes no attributes"
    return message, None
