from ...diagnostics import Severity
from .base import JsonRule


class ModuleNameCase(JsonRule):
    """A module name in another letter case than documented.

    ## What it checks
    A `module` value that names a module only when letter case is ignored, such as `"Play"` for
    `play`, or `"trunk"` for `Trunk` (the one module documented with a capital).

    ## Why
    The runtime lower-cases module names, so the call works; but the documented spelling is the one
    other tools, and yay.com's own responses, use.

    ## Example
    ```json
    {
      "extension": 501,
      "name": "Sales",
      "flow": {
        "begin": {"module": "Start", "next": "bye"},
        "bye": {"module": "busy"}
      }
    }
    ```

    ## Use instead
    ```json
    {
      "extension": 501,
      "name": "Sales",
      "flow": {
        "begin": {"module": "start", "next": "bye"},
        "bye": {"module": "busy"}
      }
    }
    ```

    ## Fix safety
    Safe: the fix rewrites only the name's string, to the documented spelling.
    """

    code = "FX602"
    name = "module-name-case"
    severity = Severity.WARNING
    fixable = True
    problem = "module-case"
