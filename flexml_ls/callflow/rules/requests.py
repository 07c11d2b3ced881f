"""The call-request rules (FX7xx): CarrierX's Call object (create and update bodies) and Exotel's
Calls/connect parameters, as their schemas under schema/ define them."""
from .base import JsonRule


class RequestRule(JsonRule):
    dialect = "request"
