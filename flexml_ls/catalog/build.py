"""Compile `schema/flexml.xsd` into `catalog.json`, the compact form the engine loads at run time.

Run `python -m flexml_ls.catalog.build` after editing the XSD; `tests/test_catalog.py` fails while
the two disagree. This is the only module that imports xmlschema (0.3-0.5 s to import), so the
command line never pays for it.
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import xmlschema

from . import xsd_path

FX = "{urn:flexml-ls:appinfo}"
XS = "{http://www.w3.org/2001/XMLSchema}"
CATALOG_PATH = Path(__file__).with_name("catalog.json")
BUILTIN_BASES = ("integer", "decimal", "anyURI", "token", "string")


def _doc_of(annotation) -> str:
    """An annotation's xs:documentation, whitespace collapsed."""
    return " ".join(" ".join((d.text or "").split()) for d in annotation.documentation).strip()


def _facts_of(annotation) -> list[dict]:
    """An annotation's `fx:` appinfo elements, as {"fact": local name, **attributes}."""
    return [{"fact": node.tag[len(FX):], **dict(node.attrib)}
            for appinfo in annotation.appinfo for node in appinfo
            if isinstance(node.tag, str) and node.tag.startswith(FX)]


def _doc(component) -> str:
    annotation = getattr(component, "annotation", None)
    return "" if annotation is None else _doc_of(annotation)


def _appinfo(component) -> list[dict]:
    annotation = getattr(component, "annotation", None)
    return [] if annotation is None else _facts_of(annotation)


class _Builder:
    def __init__(self, schema: xmlschema.XMLSchema10):
        self.schema = schema
        self.simple_types: dict[str, dict] = {}
        self.complex_types: dict[str, dict] = {}

    def simple(self, xsd_type, anonymous_name: str) -> str:
        """Register a simple type and return its catalog name."""
        name = xsd_type.local_name if xsd_type.name else anonymous_name
        if xsd_type.name and xsd_type.name.startswith(XS):
            name = "xs:" + xsd_type.local_name
        if name in self.simple_types:
            return name
        entry: dict = {"doc": _doc(xsd_type)}
        self.simple_types[name] = entry
        if xsd_type.is_union():
            entry["members"] = [self.simple(m, f"{name}#{i}") for i, m in enumerate(xsd_type.member_types)]
            return name
        entry["base"] = self._builtin_base(xsd_type)
        entry["whitespace"] = xsd_type.white_space or "preserve"
        if getattr(xsd_type, "enumeration", None):
            entry["enum"] = [str(v) for v in xsd_type.enumeration]
        patterns = self._patterns(xsd_type)
        if patterns:
            entry["patterns"] = patterns
        for key, attr in (("min", "min_value"), ("max", "max_value")):
            value = getattr(xsd_type, attr, None)
            if value is not None:
                entry[key] = int(value) if entry["base"] == "integer" else float(value)
        for key, attr in (("min_length", "min_length"), ("max_length", "max_length")):
            value = getattr(xsd_type, attr, None)
            if value is not None:
                entry[key] = value
        return name

    @staticmethod
    def _builtin_base(xsd_type) -> str:
        current = xsd_type
        while current is not None:
            if current.name and current.name.startswith(XS) and current.local_name in BUILTIN_BASES:
                return current.local_name
            current = getattr(current, "base_type", None)
        return "string"

    @staticmethod
    def _patterns(xsd_type) -> list[list[str]]:
        """Pattern facets down the derivation chain: each level's list is OR-ed, levels are AND-ed."""
        levels = []
        current = xsd_type
        while current is not None and not (current.name or "").startswith(XS):
            facets = getattr(current, "patterns", None)
            if facets is not None:
                levels.append([p.pattern for p in facets.patterns])
            current = getattr(current, "base_type", None)
        return levels

    def complex(self, xsd_type) -> str:
        name = xsd_type.local_name
        if name in self.complex_types:
            return name
        entry: dict = {"doc": _doc(xsd_type), "facts": _appinfo(xsd_type)}
        self.complex_types[name] = entry
        for fact in entry["facts"]:
            if fact["fact"] == "mixedText":  # a type only appinfo names: the catalog needs it too
                self.simple(self.schema.types[fact["type"]], fact["type"])
        if xsd_type.has_simple_content():
            entry["content"] = "text"
            entry["text_type"] = self.simple(xsd_type.content, f"{name}#text")
        elif xsd_type.is_empty():
            entry["content"] = "empty"
        else:
            entry["content"] = "mixed" if xsd_type.mixed else "elements"
            children = {}
            group = xsd_type.content
            for child in group.iter_elements():
                # Effective occurrence of each child across its model group.
                repeat_min = group.min_occurs if group.model == "sequence" else 0
                child_max = None if child.max_occurs is None or group.max_occurs is None \
                    else child.max_occurs * group.max_occurs
                children[child.local_name] = {
                    "type": self.complex(child.type),
                    "min": child.min_occurs * repeat_min,
                    "max": child_max,
                }
            entry["children"] = children
        attributes = {}
        for attr_name, attribute in xsd_type.attributes.items():
            if attr_name is None:
                continue
            attributes[attr_name] = {
                "type": self.simple(attribute.type, f"{name}@{attr_name}"),
                "required": attribute.use == "required",
                "default": attribute.default,
                "doc": _doc(attribute),
            }
        entry["attributes"] = attributes
        return name


def _uniques_of(element) -> list[dict]:
    """The element's `fx:unique` facts (values unique in a document; not `xs:unique`, which costs
    libxml2 every document's validation): their selector paths (relative child steps, `|`-joined),
    the attribute that holds the value, and why the values must differ."""
    uniques = []
    for fact in _appinfo(element):
        if fact["fact"] == "unique":
            uniques.append({"name": fact["name"], "why": fact["why"], "attribute": fact["attribute"],
                            "paths": [path.strip().split("/") for path in fact["selector"].split("|")]})
    return uniques


def build(path: Path | None = None) -> dict:
    path = path or xsd_path()
    schema = xmlschema.XMLSchema10(str(path))
    builder = _Builder(schema)
    roots = {}
    for element_name, element in schema.elements.items():
        roots[element_name] = {"type": builder.complex(element.type), "unique": _uniques_of(element)}
    schema_facts = [fact for annotation in schema.annotations for fact in _facts_of(annotation)]
    return {
        "xsd_sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "doc": " ".join(_doc_of(a) for a in schema.annotations).strip(),
        "roots": roots,
        "facts": schema_facts,
        "complex_types": builder.complex_types,
        "simple_types": builder.simple_types,
    }


def render(catalog: dict) -> str:
    return json.dumps(catalog, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> int:
    CATALOG_PATH.write_text(render(build()), encoding="utf-8")
    print(f"wrote {CATALOG_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
