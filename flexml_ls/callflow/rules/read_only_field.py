from ...diagnostics import Severity
from .requests import RequestRule


class ReadOnlyField(RequestRule):
    """A read-only field of the Call object in a request.

    ## What it checks
    `call_sid`, `account_sid` and `date_created` in a CarrierX call request: CarrierX sets them, and
    they appear in its responses. It is reported on the key.

    ## Why
    CarrierX ignores them in a request: a body copied from a response may look as if it updated a
    call it does not touch (the call is named in the URL of an update).

    ## Example
    ```json
    {"call_sid": "2f367eb5-adc6-4413-b603-533e2a8f0804", "calling_did": "15162065319", "called_did": "15162065318"}
    ```

    ## Use instead
    ```json
    {"calling_did": "15162065319", "called_did": "15162065318"}
    ```
    """

    code = "FX704"
    name = "read-only-field"
    severity = Severity.WARNING
    unnecessary = True
    problem = "read-only"
