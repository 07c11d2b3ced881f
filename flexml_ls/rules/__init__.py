"""The registry: every rule, by its stable code. Codes are never reused or renumbered.

FX0xx document, FX1xx structure, FX2xx values, FX3xx cross-attribute, FX4xx flow, FX9xx suppressions;
JSON: FX6xx call flows, FX7xx call requests (flexml_ls/callflow/rules/).
"""
from __future__ import annotations

from functools import lru_cache

from .attribute_name_case import AttributeNameCase
from .attribute_used_alone import AttributeUsedAlone
from .attribute_without_effect import AttributeWithoutEffect
from .base import Context, Rule
from .child_count import ChildCount
from .disabled_attribute import DisabledAttribute
from .duplicate_name import DuplicateName
from .element_name_case import ElementNameCase
from .empty_document import EmptyDocument
from .error_response import ErrorResponse
from .exclusive_attributes import ExclusiveAttributes
from .expected_attribute import ExpectedAttribute
from .invalid_document import InvalidDocument
from .invalid_inline_text import InvalidInlineText
from .invalid_text import InvalidText
from .invalid_value import InvalidValue
from .misplaced_element import MisplacedElement
from .missing_attribute import MissingAttribute
from .missing_content import MissingContent
from .missing_text import MissingText
from .overridden_attribute import OverriddenAttribute
from .root_element import RootElement
from .silent_end import SilentEnd
from .storage_credentials import StorageCredentials
from .suppression_comments import InvalidSuppression, UnusedSuppression
from .repeatable_attribute import RepeatableAttribute
from .syntax_error import NotWellFormed
from .template_syntax import TemplateSyntaxError
from .total_size import TotalSize
from .text_beside_children import TextBesideChildren
from .text_without_effect import TextWithoutEffect
from .unexpected_text import UnexpectedText
from .unknown_attribute import UnknownAttribute
from .unknown_element import UnknownElement
from .unknown_target import UnknownTarget
from .unknown_value import UnknownValue
from .unreachable_document import UnreachableDocument
from .unreachable_verb import UnreachableVerb
from .cycle_without_input import CycleWithoutInput
from .value_case import ValueCase
from .verb_position import VerbPosition
from ..callflow.rules import CALL_FLOW_RULES, CALL_REQUEST_RULES

RULES: dict[str, type[Rule]] = {rule.code: rule for rule in (
    NotWellFormed,
    EmptyDocument,
    TemplateSyntaxError,
    RootElement,
    UnknownElement,
    ElementNameCase,
    MisplacedElement,
    UnexpectedText,
    ChildCount,
    UnknownAttribute,
    AttributeNameCase,
    RepeatableAttribute,
    MissingAttribute,
    MissingText,
    ExpectedAttribute,
    MissingContent,
    InvalidValue,
    ValueCase,
    InvalidText,
    InvalidInlineText,
    UnknownValue,
    DuplicateName,
    TotalSize,
    ExclusiveAttributes,
    AttributeUsedAlone,
    OverriddenAttribute,
    StorageCredentials,
    AttributeWithoutEffect,
    DisabledAttribute,
    TextWithoutEffect,
    TextBesideChildren,
    UnreachableVerb,
    VerbPosition,
    UnknownTarget,
    ErrorResponse,
    InvalidDocument,
    UnreachableDocument,
    CycleWithoutInput,
    SilentEnd,
    *CALL_FLOW_RULES,
    *CALL_REQUEST_RULES,
    UnusedSuppression,
    InvalidSuppression,
)}

# Rules whose findings the XSD also judges: the differential test compares exactly these with
# lxml's XMLSchema verdict.
SCHEMA_CODES = frozenset(code for code, rule in RULES.items() if rule.schema_judged)

# Rules about suppression comments themselves: a comment cannot suppress them.
SUPPRESSION_CODES = frozenset({UnusedSuppression.code, InvalidSuppression.code})

__all__ = ["RULES", "SCHEMA_CODES", "SUPPRESSION_CODES", "Context", "Rule"]


def by_name_or_code(key: str) -> type[Rule] | None:
    key_upper = key.upper()
    if key_upper in RULES:
        return RULES[key_upper]
    return next((rule for rule in RULES.values() if rule.name == key.lower()), None)


def unknown_selectors(selectors) -> list[str]:
    """The codes or prefixes among `selectors` that select no rule (`ALL` selects every rule)."""
    return [s for s in selectors if s.upper() != "ALL" and not any(code.startswith(s.upper()) for code in RULES)]


def select(select: list[str] | None = None, ignore: list[str] | None = None) -> list[str]:
    """Codes enabled by ruff-style prefixes: `FX2` selects FX2xx; `ALL` selects everything."""
    return list(_select(None if select is None else tuple(select), tuple(ignore or ())))


@lru_cache(maxsize=256)
def _select(select: tuple[str, ...] | None, ignore: tuple[str, ...]) -> tuple[str, ...]:
    def matches(code: str, prefixes) -> bool:
        return any(p.upper() == "ALL" or code.startswith(p.upper()) for p in prefixes)

    chosen = [code for code in RULES if select is None or matches(code, select)]
    return tuple(code for code in chosen if not (ignore and matches(code, ignore)))
