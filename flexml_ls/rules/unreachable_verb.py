from ..diagnostics import Severity
from .base import Context, Rule


def ends_document(element, ctx: Context):
    """Why nothing after this verb runs, or None if the next verb may run."""
    element_type = ctx.type_of(element)
    if element_type is None:
        return None
    name = ctx.name_of(element)
    for fact in element_type.facts_of("flow"):
        effect = fact["effect"]
        if effect == "terminates":
            return f"`<{name}>` ends the call"
        if effect == "transfers":
            return f"`<{name}>` hands the call to another document"
        if effect == "transfers-if" and ctx.has_value(element, fact["attribute"]):
            unless = fact.get("unlessTrue")
            if unless and ctx.has_value(element, unless, "true"):
                return None
            return f"`<{name}>` with `{fact['attribute']}` hands the call to that URL"
    return None


class UnreachableVerb(Rule):
    """Verbs that can never run.

    ## What it checks
    Verbs after one that ends the document: `<Hangup>`, `<Reject>`, `<Redirect>`, and `<Dial>`,
    `<Play>`, `<Record>`, `<Sms>` or `<Amd>` with an `action` URL (control moves to that URL when
    they finish). `<Gather action>` is not one of them: when no digits arrive the next verb runs.

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
