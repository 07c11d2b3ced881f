from ..diagnostics import Severity
from .base import Context, Rule


class VerbPosition(Rule):
    """A verb that only works as the first verb is not first.

    ## What it checks
    `<Reject>` must come before any verb that answers the call (a `<PreAnswer>` before it is
    fine); `<Override>` changes settings for the whole call and belongs at the top.

    ## Why
    By the time a late `<Reject>` runs, the call is already answered and cannot be rejected; a late
    `<Override>` misses everything before it.

    ## Example
    ```xml
    <Response>
      <Say>Sorry, we are closed.</Say>
      <Reject reason="busy"/>
    </Response>
    ```

    ## Use instead
    ```xml
    <Response>
      <Reject reason="busy"/>
    </Response>
    ```
    """

    code = "FX402"
    name = "verb-position"
    severity = Severity.WARNING

    def prefilter(self, element_type):
        firsts = [set(fact.get("allowBefore", "").split()) for fact in element_type.facts_of("position")
                  if fact.get("first") == "true"]
        if not firsts:
            return None

        def after_another_verb(node) -> bool:
            # (getprevious, not itersiblings: lxml's iterators cost more to start; the verb is
            # usually first.)
            before = node.getprevious()
            while before is not None:
                name = before.tag
                if isinstance(name, str) and any(name not in allowed for allowed in firsts):
                    return True
                before = before.getprevious()
            return False
        return after_another_verb

    def finish(self, ctx: Context) -> None:
        root = ctx.document.root
        if root is None or ctx.info[root].type is None:
            return
        before: list[str] = []
        for verb in root.elements:
            info = ctx.info[verb]
            if not info.placed:
                continue
            for fact in info.type.facts_of("position"):
                allowed = set(fact.get("allowBefore", "").split())
                other = next((n for n in before if n not in allowed), None)
                if fact.get("first") == "true" and other is not None:
                    may = f" (only {', '.join(f'`<{a}>`' for a in sorted(allowed))} may come before it)" if allowed else ""
                    ctx.report(self, verb.name_start, verb.name_end,
                               f"`<{info.canonical}>` should be the first verb{may}; `<{other}>` comes before it")
            before.append(info.canonical)
