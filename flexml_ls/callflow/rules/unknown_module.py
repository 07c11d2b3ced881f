from ...diagnostics import Severity
from .base import JsonRule


class UnknownModule(JsonRule):
    """A call-flow module of a type yay.com does not have.

    ## What it checks
    Each module's `module` value must be one of the documented module types: `start`, `recording`,
    `musiconhold`, `calleridmatch`, `play`, `extension`, `pressextension`, `dialbyextension`, `busy`,
    `voicemail`, `conference`, `Trunk`, `fax`. A near spelling is suggested. (A known name in another
    letter case is FX602.)

    ## Why
    yay.com cannot run a module it does not know: a caller who reaches it is cut off.

    ## Example
    ```json
    {
      "extension": 501,
      "name": "Sales",
      "flow": {
        "begin": {"module": "start", "next": "hello"},
        "hello": {"module": "play", "sound": "9f1c2a3b-4d5e-4f60-8a7b-1c2d3e4f5a6b", "next": "bye"},
        "bye": {"module": "hangup"}
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
        "hello": {"module": "play", "sound": "9f1c2a3b-4d5e-4f60-8a7b-1c2d3e4f5a6b", "next": "bye"},
        "bye": {"module": "busy"}
      }
    }
    ```
    """

    code = "FX601"
    name = "unknown-module"
    severity = Severity.ERROR
    problem = "unknown-module"
