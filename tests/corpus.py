"""Documents generated from the catalog, for the differential test and the benchmarks.

Values come from the catalog's types (enumerations, ranges) and from what the valid fixtures use for
pattern-typed values, so no FlexML fact is restated here. `mutate` breaks one structural thing.
"""
from __future__ import annotations

import random
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from flexml_ls.catalog import ComplexType, SimpleType, load
from flexml_ls.parse import parse

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@lru_cache(maxsize=1)
def samples():
    """Values the valid fixtures use: (element, attribute) -> values, element -> texts."""
    attributes: dict[tuple[str, str], list[str]] = defaultdict(list)
    texts: dict[str, list[str]] = defaultdict(list)
    for path in sorted((FIXTURES / "valid").glob("*.flexml")):
        document = parse(path.read_text(encoding="utf-8"))
        for element in document.root.iter():
            for attribute in element.attributes:
                attributes[element.name, attribute.name].append(attribute.value)
            if element.text.strip() and not element.elements:
                texts[element.name].append(element.text.strip())
    return attributes, texts


class Generator:
    def __init__(self, seed: int = 0, attribute_share: float = 0.25):
        self.rng = random.Random(seed)
        self.attribute_share = attribute_share
        self.catalog = load()

    # ---- values -------------------------------------------------------------------------------
    def value(self, element: str, attribute: str, value_type: SimpleType) -> str | None:
        seen = samples()[0].get((element, attribute))
        if seen and self.rng.random() < 0.7:
            return self.rng.choice(seen)
        if value_type.members:
            return self.value(element, attribute, self.rng.choice(value_type.members)) if not seen else self.rng.choice(seen)
        if value_type.enum:
            return self.rng.choice(value_type.enum)
        if value_type.base in ("integer", "decimal") and not value_type.pattern_levels:
            low = int(value_type.minimum if value_type.minimum is not None else 0)
            high = int(value_type.maximum if value_type.maximum is not None else low + 120)
            return str(self.rng.randint(low, high))
        if seen:
            return self.rng.choice(seen)
        if value_type.pattern_levels:
            return None  # no known-good example: leave the attribute out
        if value_type.base == "anyURI":
            return self.rng.choice(["https://app.example.com/next", "/relative/path", "next.xml"])
        return self.rng.choice(["alpha", "Customer 42", "x"])

    def text(self, element: str, text_type: SimpleType | None) -> str:
        seen = samples()[1].get(element)
        if seen:
            return self.rng.choice(seen)
        if text_type is None or text_type.check("Thank you for calling.") is None:
            return self.rng.choice(["Thank you for calling.", "Press 1 for sales, 2 for support.", "Goodbye"])
        return ""

    # ---- documents ----------------------------------------------------------------------------
    def element(self, name: str, element_type: ComplexType, depth: int, indent: str) -> str:
        attributes = []
        for attr_name, decl in element_type.attributes.items():
            if decl.required or self.rng.random() < self.attribute_share:
                value = self.value(name, attr_name, decl.type)
                if value is not None:
                    attributes.append(f" {attr_name}={quoteattr(value)}")
        start = f"{indent}<{name}{''.join(attributes)}"
        if element_type.content == "text":
            return f"{start}>{escape(self.text(name, element_type.text_type))}</{name}>"
        children = []
        if len(element_type.children) > 1:
            # A choice: a handful of children drawn from the alternatives.
            names = list(element_type.children)
            for _ in range(self.rng.randint(1, 7 if depth == 0 else 3)):
                child_name = self.rng.choice(names)
                children.append((child_name, element_type.child_type(child_name)))
        elif element_type.children:
            (child_name, decl), = element_type.children.items()
            if not (element_type.content == "mixed" and decl.min == 0 and self.rng.random() < 0.6):
                high = decl.max if decl.max is not None else decl.min + 2
                count = self.rng.randint(decl.min, max(decl.min, high))
                children = [(child_name, element_type.child_type(child_name))] * count
        if element_type.content == "mixed" and not children:
            text = self.text(name, element_type.mixed_text_type)
            return f"{start}>{escape(text)}</{name}>" if text else f"{start}/>"
        if not children:
            return f"{start}/>"
        inner = "\n".join(self.element(c, t, depth + 1, indent + "  ") for c, t in children)
        return f"{start}>\n{inner}\n{indent}</{name}>"

    def document(self) -> str:
        root = self.catalog.root_name
        return self.element(root, self.catalog.roots[root], 0, "") + "\n"

    # ---- mutations ----------------------------------------------------------------------------
    def mutate(self, text: str) -> str:
        document = parse(text)
        elements = list(document.root.iter())
        element = self.rng.choice(elements)
        kind = self.rng.choice(["case", "typo", "foreign", "attribute", "attribute-case", "value",
                                "value-case", "text", "drop-required", "move", "duplicate", "empty-text", "long-text"])
        if kind == "case" or kind == "typo" or kind == "foreign":
            if kind == "case":
                new = element.name.upper() if element.name != element.name.upper() else element.name.lower()
            elif kind == "typo":
                new = element.name[:-1] or "X"
            else:
                new = self.rng.choice(["Enqueue", "Conference", "Message", "Speak", "Sip"])
            return _rename(text, element, new)
        if kind in ("attribute", "attribute-case", "value", "value-case", "drop-required"):
            if kind == "attribute" or not element.attributes:
                return _insert_attribute(text, element, self.rng.choice(["foo", "language", "answerOnBridge"]), "1")
            attribute = self.rng.choice(element.attributes)
            if kind == "attribute-case":
                return text[:attribute.name_start] + attribute.name.lower().swapcase() + text[attribute.name_end:]
            if kind == "drop-required":
                return text[:attribute.name_start - 1] + text[attribute.value_end + 1:]
            bad = attribute.value.swapcase() if kind == "value-case" else self.rng.choice(
                ["", "-1", "999999", "maybe", "true", "1.5", "abc def", "#*"])
            return text[:attribute.value_start] + escape(bad, {'"': "&quot;"}) + text[attribute.value_end:]
        if kind in ("empty-text", "long-text"):
            span = element.text_range()
            if span is None or element.elements:
                return _insert_attribute(text, element, "foo", "1")
            new = "" if kind == "empty-text" else "Please hold. " * 90
            return text[:span[0]] + new + text[span[1]:]
        if kind == "text":
            if element.start_tag_end < 0:
                return text
            if element.self_closing:
                return text[:element.start_tag_end - 2] + ">stray words</" + element.name + ">" + text[element.start_tag_end:]
            return text[:element.start_tag_end] + "stray words" + text[element.start_tag_end:]
        if kind == "move" and element.parent is not None and element.parent.parent is not None:
            snippet = text[element.start:element.end]
            without = text[:element.start] + text[element.end:]
            target = document.root.start_tag_end - (0 if not document.root.self_closing else 0)
            if self.rng.random() < 0.5:
                return without[:target] + snippet + without[target:]
            return without
        if kind == "duplicate":
            snippet = text[element.start:element.end]
            if element.parent is None:
                return text
            return text[:element.end] + snippet + text[element.end:]
        return text


def _rename(text: str, element, new: str) -> str:
    edits = [(element.name_start, element.name_end)]
    if element.end_tag_start >= 0:
        edits.append((element.end_tag_start + 2, element.end_tag_start + 2 + len(element.name)))
    for start, end in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _insert_attribute(text: str, element, name: str, value: str) -> str:
    return text[:element.name_end] + f' {name}="{value}"' + text[element.name_end:]


def fixture_texts() -> list[str]:
    """Every fixture document: valid ones and each rule's."""
    return [path.read_text(encoding="utf-8") for path in sorted(FIXTURES.rglob("*.flexml"))]


def corpus(count: int, seed: int = 0, mutated_share: float = 0.5):
    generator = Generator(seed)
    for _ in range(count):
        text = generator.document()
        if generator.rng.random() < mutated_share:
            text = generator.mutate(text)
        yield text


def realistic_corpus(count: int, seed: int = 0, mistake_share: float = 0.2):
    """Documents like real apps send: one to four verbs' worth of the hand-written valid fixtures
    combined (CarrierX's own apps, in ../shared/corpora/carrierx-*, send 250-900 bytes, median about
    520), kept only when they lint clean; then a share gets one mistake each."""
    from flexml_ls import lint_text

    bodies = []
    for path in sorted((FIXTURES / "valid").glob("*.flexml")):
        root = parse(path.read_text(encoding="utf-8")).root
        inner = path.read_text(encoding="utf-8")[root.start_tag_end:root.end_tag_start].strip("\n")
        bodies.append(inner)
    generator = Generator(seed)
    rng = generator.rng
    made = 0
    while made < count:
        parts = rng.sample(bodies, rng.choice([1, 2, 2, 3, 3, 4]))
        text = '<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n' + "\n".join(parts) + "\n</Response>\n"
        if lint_text(text):
            continue
        if rng.random() < mistake_share:
            text = generator.mutate(text)
        made += 1
        yield text
