from ...diagnostics import Severity
from .base import JsonRule


class FaxPlacement(JsonRule):
    """A `fax` module that is not the one module after `start`.

    ## What it checks
    A call flow that receives faxes must be exactly `start` -> `fax`: the `start` module's `next`
    names the `fax` module, and the flow has no other module. It is reported on the `fax` module's key.

    ## Why
    yay.com documents the fax module as the only module after `start`; a fax call routed through
    other modules first (a prompt, a menu) fails to negotiate.

    ## Example
    ```json
    {
      "extension": 502,
      "name": "Fax line",
      "flow": {
        "begin": {"module": "start", "next": "hello"},
        "hello": {"module": "play", "sound": "9f1c2a3b-4d5e-4f60-8a7b-1c2d3e4f5a6b", "next": "fax"},
        "fax": {"module": "fax"}
      }
    }
    ```

    ## Use instead
    ```json
    {
      "extension": 502,
      "name": "Fax line",
      "flow": {
        "begin": {"module": "start", "next": "fax"},
        "fax": {"module": "fax"}
      }
    }
    ```
    """

    code = "FX616"
    name = "fax-placement"
    severity = Severity.WARNING

    def check_json(self, ctx) -> None:
        for built in ctx.flows:
            faxes = [key for key, name in built.module_types.items() if name == "fax"]
            start = built.flow.start
            first = next((e.target for e in built.flow.edges if e.source == start), None) if start else None
            others = [key for key in built.modules if key != start and key not in faxes]
            for key in faxes:
                if first == key and not others and len(faxes) == 1:
                    continue
                why = "`start` leads elsewhere first" if first != key else \
                    "the flow has other modules" if others else "the flow has another `fax` module"
                member = built.modules[key].member
                ctx.report(self, member.key_start, member.key_end,
                           f"A `fax` module must be the only module after `start`: {why}")
