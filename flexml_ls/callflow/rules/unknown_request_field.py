from ...diagnostics import Severity
from .requests import RequestRule


class UnknownRequestField(RequestRule):
    """A field the call request does not have.

    ## What it checks
    Every key of a CarrierX call request must be a field of the Call object (`calling_did`,
    `called_did`, `url`, `method`, `delay`, `timeout`, `status_callback_url`,
    `status_callback_method`, `attributes`); every parameter of an Exotel Calls/connect request one of
    `From`, `CallerId`, `Url`, `CallType`, `TimeLimit`, `TimeOut`, `StatusCallback`, `CustomField`.
    Names are case-sensitive. A near spelling is suggested. (Custom keys belong in CarrierX's
    `attributes`.)

    ## Why
    The API refuses the request, or drops the field: the call runs without the setting.

    ## Example
    ```json
    {"calling_did": "15162065319", "called_did": "15162065318", "timout": 20}
    ```

    ## Use instead
    ```json
    {"calling_did": "15162065319", "called_did": "15162065318", "timeout": 20}
    ```
    """

    code = "FX701"
    name = "unknown-request-field"
    severity = Severity.ERROR
    problem = "unknown-field"
