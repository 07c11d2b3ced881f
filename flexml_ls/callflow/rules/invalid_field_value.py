from ...diagnostics import Severity
from .base import JsonRule


class InvalidFieldValue(JsonRule):
    """A call-flow field with a value of the wrong type or form.

    ## What it checks
    Types (`extension` a whole number, `show_…` true or false, `patterns` a list), UUIDs (sounds,
    playlists, users, hunt groups, mailboxes, trunks: 8-4-4-4-12 hexadecimal digits), E.164 numbers to
    `forward` to, positive durations in whole seconds, a 4-digit conference `pin` (a string, so that
    leading zeros stay), `extensions[].type` one of `sipuser`, `huntgroup`, `forward`, and module keys
    that are non-empty strings. It is reported on the value.

    ## Why
    yay.com refuses such a call flow, or the module fails when a caller reaches it.

    ## Example
    ```json
    {
      "extension": 501,
      "name": "Sales",
      "flow": {
        "begin": {"module": "start", "next": "hello"},
        "hello": {"module": "play", "sound": "welcome.wav", "next": "bye"},
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

    code = "FX605"
    name = "invalid-field-value"
    severity = Severity.ERROR
    problem = "invalid-value"
