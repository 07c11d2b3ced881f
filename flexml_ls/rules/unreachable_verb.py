from ..diagnostics import Severity
from .base import Context, Rule, is_set, needing


def ending_fact(flow_facts: list[dict], get) -> dict | None:
    """The flow fact by which a verb ends the document, given `get(attribute) -> value`, or None."""
    for fact in flow_facts:
        effect = fact["effect"]
        if effect in ("terminates", "transfers"):
            return fact
        if effect == "transfers-if" and is_set(get(fact["attribute"])):
            unless = fact.get("unlessTrue")
            return None if unless and is_set(get(unless), "true") else fact
    return None


def ends_document(element, ctx: Context):
    """Why nothing after this verb runs, or None if the next verb may run."""
    element_type = ctx.type_of(element)
    if element_type is None:
        return None
    fact = ending_fact(element_type.facts_of("flow"), element.attribute_value)
    if fact is None:
        return None
    name = ctx.name_of(element)
    if fact["effect"] == "terminates":
        return f"`<{name}>` ends the call"
    if fact["effect"] == "transfers":
        return f"`<{name}>` hands the call to another document"
    return f"`<{name}>` with `{fact['attribute']}` hands the call to that URL"


class UnreachableVerb(Rule):
    """Verbs that can never run.

    ## What it checks
    Verbs after one that ends the document: `<Hangup>`, `<Reject>`, `<Redirect>`, and `<Dial>`,
    `<Play>`, `<Sms>` or `<Amd>` with an `action` URL (control moves to that URL when they finish).
    `<Gather action>` and `<Record action>` are not among them: when no digits arrive, or nothing
    (or only trimmed silence) was recorded, the action is not requested and the next verb runs, so a
    fallback after them is live code.

    ## Why
    CarrierX accepts the document, but the verbs are dead code: a prompt nobody hears, a fallback
    that never happens. Usually the `action` or the order is a mistake.

    ## Example
    ```xml
    <Response>
      <Dial action="/dial-done">15162065317</Dial>
      <Say>Sorry, nobody answered.</Say>
    </Response>
    ```

    ## Use instead
    ```xml
    <Response>
      <Dial>15162065317</Dial>
      <Say>Sorry, nobody answered.</Say>
    </Response>
    ```
    """

    code = "FX401"
    name = "unreachable-verb"
    severity = Severity.WARNING
    unnecessary = True

    def prefilter(self, element_type):
        facts = element_type.facts_of("flow")
        if not any(fact["effect"] in ("terminates", "transfers", "transfers-if") for fact in facts):
            return None

        def followed(node) -> bool:
            return node.getnext() is not None and ending_fact(facts, node.get) is not None
        if not any(fact["effect"] in ("terminates", "transfers") for fact in facts):
            # Only an `action` (or the like) can end the document here.
            return needing((fact["attribute"] for fact in facts if fact["effect"] == "transfers-if"), followed)
        return followed

    def finish(self, ctx: Context) -> None:
        root = ctx.document.root
        if root is None or ctx.info[root].type is None:
            return
        verbs = [child for child in root.elements if ctx.info[child].placed]
        for index, verb in enumerate(verbs[:-1]):
            reason = ends_document(verb, ctx)
            if reason:
                dead = verbs[index + 1:]
                first = dead[0]
                more = f" and {len(dead) - 1} more verb{'s' if len(dead) > 2 else ''} after it" if len(dead) > 1 else ""
                line = ctx.lines.position(verb.start)[0] + 1
                ctx.report(self, first.name_start, first.name_end,
                           f"`<{ctx.name_of(first)}>`{more} never run{'s' if not more else ''}: {reason} (line {line})")
                return
