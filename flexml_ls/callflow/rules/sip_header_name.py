from ...diagnostics import Severity
from .requests import RequestRule


class SipHeaderName(RequestRule):
    """A SIP header attribute whose header name does not start with `X-`.

    ## What it checks
    Each `sip_header_*` key of a CarrierX call request's `attributes` names the SIP header sent with
    the call's INVITE (`sip_header_X-Ticket` sends `X-Ticket`): that name must start with `X-`. It is
    reported on the key.

    ## Why
    CarrierX sends only custom (`X-`) headers; any other is not sent, and the far end never sees it.

    ## Example
    ```json
    {"calling_did": "15162065319", "called_did": "15162065318", "attributes": {"sip_header_Ticket": "4711"}}
    ```

    ## Use instead
    ```json
    {"calling_did": "15162065319", "called_did": "15162065318", "attributes": {"sip_header_X-Ticket": "4711"}}
    ```
    """

    code = "FX705"
    name = "sip-header-name"
    severity = Severity.ERROR
    problem = "invalid-key"
