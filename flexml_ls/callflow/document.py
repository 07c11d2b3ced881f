"""What a JSON document is: a call flow (bare or in the API's envelope), a CarrierX call request, an
Exotel Calls/connect request, or none of them; and where its call flows are."""
from __future__ import annotations

from .jsontree import JsonSyntaxError, Node, parse

KINDS = ("callflow", "carrierx", "exotel")
CALL_FLOW_SUFFIX = ".callflow.json"


def is_json_name(filename: str | None) -> bool:
    """Whether a file name says JSON (see flexml_ls.callflow.handles)."""
    from . import handles
    return handles(filename)


def kind_of(data, filename: str | None = None) -> str | None:
    """The kind of a parsed document (see KINDS), or None when it is none of them."""
    if filename and str(filename).lower().endswith(CALL_FLOW_SUFFIX):
        return "callflow"
    if not isinstance(data, dict):
        return None
    if _is_flow(data) or _is_flow(data.get("result")) or \
            (isinstance(data.get("result"), list) and any(_is_flow(each) for each in data["result"])):
        return "callflow"
    if "calling_did" in data or "called_did" in data:
        return "carrierx"
    if "CallerId" in data and "Url" in data:
        return "exotel"
    return None


def _is_flow(value) -> bool:
    return isinstance(value, dict) and isinstance(value.get("flow"), dict)


class JsonDocument:
    """A JSON text, its tree (None when it is not JSON: `error` says where and why), its kind."""

    def __init__(self, text: str, filename: str | None = None, kind: str | None = None):
        self.text = text
        self.root: Node | None = None
        self.error: tuple[int, str] | None = None
        try:
            self.root = parse(text)
        except JsonSyntaxError as error:
            self.error = (error.offset, error.message)
        self.kind = kind if kind is not None else (
            kind_of(self.root.value, filename) if self.root is not None else None)

    def call_flows(self) -> list[tuple[list, Node]]:
        """(path, node) of each call-flow object: the root, `result`, or each of `result`'s items."""
        root = self.root
        if self.kind != "callflow" or root is None:
            return []
        if root.kind != "object":
            return [([], root)]  # (the schema says what it should be)
        if root.get("flow") is not None or root.get("result") is None:
            return [([], root)]
        result = root.get("result")
        if result.kind == "object":
            return [(["result"], result)] if result.get("flow") is not None else []
        if result.kind == "array":
            return [(["result", index], item) for index, item in enumerate(result.items)
                    if item.kind == "object" and item.get("flow") is not None]
        return []
