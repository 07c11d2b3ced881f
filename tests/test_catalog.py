"""The catalog is the XSD, compiled: it must match a fresh build, and cover the research snapshot."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from flexml_ls import lint_text
from flexml_ls.catalog import load, xsd_path
from flexml_ls.catalog.build import CATALOG_PATH, build, render

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT.parent / "shared" / "spec" / "flexml-facts.json"
VALID = sorted((ROOT / "fixtures" / "valid").glob("*.flexml"))


def test_catalog_matches_the_xsd():
    assert CATALOG_PATH.read_text(encoding="utf-8") == render(build()), \
        "flexml_ls/catalog/catalog.json is stale: run `python -m flexml_ls.catalog.build`"


def test_xsd_loads_in_lxml_and_valid_fixtures_validate():
    schema = etree.XMLSchema(etree.parse(str(xsd_path())))
    assert len(VALID) >= 23
    for path in VALID:
        assert schema.validate(etree.parse(str(path))), f"{path.name}: {schema.error_log}"


def test_the_schema_for_renderings_differs_only_on_values_made_of_dynamic_parts():
    """A template's renderings are validated by the XSD with every attribute type and simple
    content also accepting a value that is only MARK and whitespace: the same verdict as the XSD's
    on everything else (every valid fixture; every attribute given a wrong literal value), and no
    error where the value is unknown."""
    from flexml_ls.catalog import validator
    from flexml_ls.dynamic import MARK
    plain, renderings = validator().schema, validator(unknown_values=True).schema
    for path in VALID:
        assert renderings.validate(etree.parse(str(path)))
    catalog = load()
    wrong_checked = unknown_checked = 0
    attributes = {(element, name) for element, types in catalog.element_types.items() for each in types
                  for name in each.attributes}
    for element, attribute in sorted(attributes):
        for value, unknown in (("\u00a0wrong value\u00a0", False), (f" {MARK * 3} ", True), (f"{MARK}x", False)):
            document = etree.fromstring(f"<Response><{element}/></Response>")
            document[0].set(attribute, value)
            verdict = renderings.validate(document)
            if unknown:   # (a noun outside its verb is still an error, but not one about the value)
                assert not any(MARK in entry.message for entry in renderings.error_log), (element, attribute)
                unknown_checked += verdict
            else:
                assert verdict == plain.validate(document), (element, attribute, value)
                wrong_checked += not verdict
    assert wrong_checked > 100 and unknown_checked > 100
    # Simple content too (a stored file's id is a UUID).
    unknown_file = etree.fromstring(f"<Response><Play><File> {MARK * 4} </File></Play></Response>")
    assert renderings.validate(unknown_file) and not plain.validate(unknown_file)
    half_known = etree.fromstring(f"<Response><Play><File>{MARK * 4}-x</File></Play></Response>")
    assert not renderings.validate(half_known) and not plain.validate(half_known)


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_fixtures_lint_clean(path):
    assert lint_text(path.read_text(encoding="utf-8")) == []


def test_every_element_has_a_valid_fixture():
    used = set()
    for path in VALID:
        used |= {element.tag for element in etree.parse(str(path)).iter() if isinstance(element.tag, str)}
    assert used == set(load().element_types)


def test_every_element_and_attribute_is_documented():
    catalog = load()
    for name, types in catalog.element_types.items():
        for element_type in types:
            assert element_type.doc, f"{name} has no documentation"
            for attribute in element_type.attributes.values():
                assert attribute.doc, f"{name}@{attribute.name} has no documentation"


@pytest.mark.skipif(not FACTS.exists(), reason="research snapshot not beside the checkout")
def test_catalog_covers_the_research_snapshot():
    facts = json.loads(FACTS.read_text(encoding="utf-8"))
    catalog = load()
    assert catalog.root_name == facts["root"]
    for name, element in facts["elements"].items():
        assert name in catalog.element_types, f"missing element {name}"
        types = catalog.element_types[name]
        for parent in element["allowed_parents"]:
            assert name in catalog.parents_of and parent in catalog.parents_of[name], f"{name} not allowed in {parent}"
        for attribute, spec in element["attributes"].items():
            decls = [t.attributes.get(attribute) for t in types]
            assert any(decls), f"missing {name}@{attribute}"
            for decl in filter(None, decls):
                if spec.get("enum") and spec["type"] == "enum":
                    assert set(spec["enum"]) <= set(decl.type.values) | {"GET", "POST"}, (name, attribute)
                if spec.get("max") is not None and decl.type.maximum is not None:
                    assert decl.type.maximum == spec["max"], (name, attribute)
            if spec.get("required") is False:  # (the snapshot's attributes are per name, not per parent)
                assert any(not decl.required for decl in filter(None, decls)), f"{name}@{attribute} is not required"
        limit = element.get("text_max_length")
        if limit is not None:  # counted without the whitespace around the text, with the whitespace inside
            for text_type in (t.text_type for t in types):
                assert text_type.check(f"\n    {'x' * limit}\n  ") is None, name
                assert text_type.check(f"\n    {'x' * (limit + 1)}\n  ") is not None, name
                assert text_type.check("x" + "  " * (limit // 2) + "x") is not None, name
        for protocol in element.get("supported_protocols", ()):
            for element_type in types:
                assert element_type.mixed_text_type.check(f"{protocol}://media.example.com/a.mp3") is None, (name, protocol)
        total = element.get("limits", {}).get("total_bytes")
        if total is not None:
            kilobytes = int(total.split(" KB", 1)[0])
            for element_type in types:
                sizes = [int(f["maxBytes"]) for f in element_type.facts_of("totalTextSize")]
                assert sizes == [kilobytes * 1024], (name, sizes)


def test_wheel_carries_the_xsd(tmp_path):
    import subprocess
    import sys
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(ROOT)],
                   check=True, timeout=300)
    wheel = next(tmp_path.glob("flexml_ls-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "flexml_ls/schema/flexml.xsd" in names
    assert "flexml_ls/catalog/catalog.json" in names
    assert "flexml_ls/docs/rules.md" in names          # where the language server links each code
    assert zipfile.ZipFile(wheel).read("flexml_ls/schema/flexml.xsd") == xsd_path().read_bytes()
