from ...diagnostics import Severity
from .base import JsonRule


class MissingField(JsonRule):
    """A required field of the call flow or of a module is missing.

    ## What it checks
    The fields yay.com does not mark optional: the call flow's `extension`, `flow` and `name`; a
    `play`'s `sound`, a `musiconhold`'s `class`, a `calleridmatch`'s `patterns`, an `extension`'s
    `extensions` (and each one's `uuid`, or `number` to forward), a `voicemail`'s `mailboxes`, a
    `Trunk`'s `uuid`, a `dialbyextension`'s `ringtone`. It is reported on the opening brace of the
    object that lacks it. (A missing `next`, `match`, `nomatch` or `noanswer` is FX613.)

    ## Why
    yay.com refuses a call flow without them, or a caller who reaches the module hears nothing.

    ## Example
    ```json
    {
      "extension": 501,
      "name": "Sales",
      "flow": {
        "begin": {"module": "start", "next": "hello"},
        "hello": {"module": "play", "next": "bye"},
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
        "begin": {"module": "start", "next": "hello"},
        "hello": {"module": "play", "sound": "9f1c2a3b-4d5e-4f60-8a7b-1c2d3e4f5a6b", "next": "bye"},
        "bye": {"module": "busy"}
      }
    }
    ```
    """

    code = "FX604"
    name = "missing-field"
    severity = Severity.ERROR
    problem = "missing-field"
