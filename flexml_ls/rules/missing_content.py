from ..dynamic import has_unknown_content, may_have_attribute
from ..diagnostics import Severity
from ..parse import Element
from ..parse.lazy import has_child_elements, has_raw_text
from .base import Context, Rule


class MissingContent(Rule):
    """A verb with nothing to act on: no text, no child element, and no attribute that stands in.

    ## What it checks
    Verbs the schema's `fx:needsContent` facts name: `<Dial>` needs someone to call, as number text
    or at least one `<Number>`; `<Play>` needs something to play, as URL text, a `<File>`, or
    `digits`.

    ## Why
    CarrierX has nothing to do with the verb: the call fails at that point, or the caller hears
    nothing where a prompt or a transfer was meant.

    ## Example
    ```xml
    <Response>
      <Dial timeout="20"/>
    </Response>
    ```

    ## Use instead
    ```xml
    <Response>
      <Dial timeout="20">15162065317</Dial>
    </Response>
    ```
    """

    code = "FX112"
    name = "missing-content"
    severity = Severity.ERROR
    fact = "needsContent"

    def prefilter(self, element_type):
        instead = tuple(fact["orAttribute"] for fact in element_type.facts_of("needsContent") if fact.get("orAttribute"))

        def empty(node) -> bool:
            text = node.text   # (text, or a template's unknown content: check_element leaves both alone)
            if (text and not text.isspace()) or has_child_elements(node) or has_raw_text(node):
                return False
            return all(node.get(name) is None for name in instead)
        return empty

    def check_element(self, element: Element, ctx: Context) -> None:
        element_type = ctx.type_of(element)
        if element_type is None or element.has_text or element.elements or has_unknown_content(element):
            return  # (a template's unknown content may be what it needs)
        for fact in element_type.facts_of("needsContent"):
            instead = fact.get("orAttribute")
            if instead and (ctx.attribute(element, instead) is not None or may_have_attribute(element, instead)):
                continue
            options = ["text"] + [f"a `<{child}>`" for child in element_type.children]
            if instead:
                options.append(f"`{instead}`")
            listed = options[0] if len(options) == 1 else ", ".join(options[:-1]) + " or " + options[-1]
            ctx.report(self, element.name_start, element.name_end,
                       f"`<{ctx.name_of(element)}>` has nothing to act on: give it {listed}")
