from ...diagnostics import Severity
from ...rules.base import did_you_mean
from .base import JsonRule


class UnresolvedReference(JsonRule):
    """A `next`, `match`, `nomatch` or `noanswer` that names no module of the flow.

    ## What it checks
    Every field that says where the call goes (`next`, each entry of a `next` map, `match`,
    `nomatch`, `noanswer`) must name a key of the `flow` map. `sipuser_voicemail` is the one other
    value, documented for a `dialbyextension`'s `noanswer` (the dialled user's own mailbox). A near
    key is suggested. It is reported on the value.

    ## Why
    The call flow is accepted as it is; the call fails only when a caller takes that way.

    ## Example
    ```json
    {
      "extension": 501,
      "name": "Sales",
      "flow": {
        "begin": {"module": "start", "next": "hello"},
        "hello": {"module": "play", "sound": "9f1c2a3b-4d5e-4f60-8a7b-1c2d3e4f5a6b", "next": "goodbye"}
      }
    }
    ```

    ## Use instead
    ```json
    {
      "extension": 501,
      "name": "Sales",
      "flow": {
        "begin": {"module": "start", "next": "hello"},
        "hello": {"module": "play", "sound": "9f1c2a3b-4d5e-4f60-8a7b-1c2d3e4f5a6b", "next": "goodbye"},
        "goodbye": {"module": "busy"}
      }
    }
    ```
    """

    code = "FX611"
    name = "unresolved-reference"
    severity = Severity.ERROR

    def check_json(self, ctx) -> None:
        for built in ctx.flows:
            keys = list(built.modules)
            for edge, site in built.edges:
                if edge.target in built.modules or site.sentinel:
                    continue
                guess = did_you_mean(edge.target, keys)
                ctx.report(self, site.value.start, site.value.end,
                           f"`{edge.attribute}` of module `{edge.source}` names `{edge.target}`, which is no module "
                           "of this flow" + (f"; did you mean `{guess}`?" if guess else ""))
