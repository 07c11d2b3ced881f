from ..diagnostics import Severity
from ..parse import Element
from ..parse.lazy import has_child_elements, has_raw_tail
from .base import Context, Rule


class TextBesideChildren(Rule):
    """Text and child elements mixed where only one of them is allowed.

    ## What it checks
    `<Dial>` takes either a number as text or `<Number>` elements; `<Play>` takes either a URL as
    text or a `<File>` element. Not both.

    ## Why
    CarrierX uses one and drops the other, so a number is not dialled or a file not played.

    ## Example
    ```xml
    <Response>
      <Dial>15162065317<Number>15162065318</Number></Dial>
    </Response>
    ```

    ## Use instead
    ```xml
    <Response>
      <Dial><Number>15162065317</Number><Number>15162065318</Number></Dial>
    </Response>
    ```
    """

    code = "FX308"
    name = "text-beside-children"
    severity = Severity.ERROR
    fact = "mixedText"

    def prefilter(self, element_type):
        if element_type.content != "mixed" or not any(fact.get("exclusiveWithChildren") == "true"
                                                      for fact in element_type.facts_of("mixedText")):
            return None
        return text_beside_children

    def check_element(self, element: Element, ctx: Context) -> None:
        element_type = ctx.type_of(element)
        if element_type is None or element_type.content != "mixed" or not element.elements:
            return
        for fact in element_type.facts_of("mixedText"):
            if element.has_text and fact.get("exclusiveWithChildren") == "true":
                span = element.text_range()
                children = sorted({ctx.name_of(c) for c in element.elements})
                ctx.report(self, span[0], span[1],
                           f"`<{ctx.name_of(element)}>` has both text and "
                           + ", ".join(f"`<{c}>`" for c in children) + "; use one or the other")


def text_beside_children(node) -> bool:
    """Whether a raw lxml element holds both child elements and non-blank text."""
    if not len(node):
        return False  # (most elements with text: nothing for it to be beside)
    text = node.text
    if (text and not text.isspace()) or has_raw_tail(node):
        return has_child_elements(node)
    return False
