from ...diagnostics import Severity
from .base import JsonRule


class MissingEdge(JsonRule):
    """A module that does not end the call, without the field that says where the call goes next.

    ## What it checks
    `start`, `recording`, `musiconhold` and `play` need `next`; `calleridmatch` needs `match` and
    `nomatch`; `pressextension` and `dialbyextension` need their `next` map, and `dialbyextension`
    its `noanswer`. (An `extension` may leave out `noanswer`: yay.com's own examples do, and the call
    then ends when nobody answers.) It is reported on the module's opening brace.

    ## Why
    Only `busy`, `voicemail`, `conference`, `Trunk` and `fax` end the call; any other module without
    its way on leaves the caller stranded when it is done.

    ## Example
    ```json
    {
      "extension": 501,
      "name": "Sales",
      "flow": {
        "begin": {"module": "start", "next": "hello"},
        "hello": {"module": "play", "sound": "9f1c2a3b-4d5e-4f60-8a7b-1c2d3e4f5a6b"}
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

    code = "FX613"
    name = "missing-edge"
    severity = Severity.ERROR
    problem = "missing-edge"
