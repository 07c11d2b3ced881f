"""The JSON rules: call flows (FX6xx) and call requests (FX7xx), registered in flexml_ls.rules."""
from .module_loop import ModuleLoop
from .fax_placement import FaxPlacement
from .ignored_next import IgnoredNext
from .invalid_field_value import InvalidFieldValue
from .invalid_menu_key import InvalidMenuKey
from .invalid_pattern import InvalidPattern
from .invalid_request_value import InvalidRequestValue
from .menu_fallback import MenuFallback
from .missing_edge import MissingEdge
from .missing_field import MissingField
from .missing_request_field import MissingRequestField
from .module_name_case import ModuleNameCase
from .read_only_field import ReadOnlyField
from .sip_header_name import SipHeaderName
from .start_module import StartModule
from .unknown_field import UnknownField
from .unknown_module import UnknownModule
from .unknown_request_field import UnknownRequestField
from .unreachable_module import UnreachableModule
from .unresolved_reference import UnresolvedReference

CALL_FLOW_RULES = (UnknownModule, ModuleNameCase, UnknownField, MissingField, InvalidFieldValue, InvalidPattern,
                   InvalidMenuKey, StartModule, UnresolvedReference, UnreachableModule, MissingEdge, IgnoredNext,
                   MenuFallback, FaxPlacement, ModuleLoop)
CALL_REQUEST_RULES = (UnknownRequestField, MissingRequestField, InvalidRequestValue, ReadOnlyField, SipHeaderName)
