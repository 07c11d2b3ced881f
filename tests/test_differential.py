"""The engine's structural verdict agrees with lxml's XMLSchema validation by the XSD.

On hundreds of documents generated from the catalog (valid and mutated), "the XSD rejects it" must
equal "the engine reports a structural code" (the codes of rules marked `schema_judged`). This is
also what makes the engine's fast path sound: it skips those rules once lxml has validated a document.
"""
from __future__ import annotations

import pytest
from lxml import etree

from corpus import corpus
from flexml_ls.catalog import xsd_path
from flexml_ls.config import Config
from flexml_ls.engine import lint
from flexml_ls.rules import SCHEMA_CODES


@pytest.fixture(scope="module")
def xsd():
    return etree.XMLSchema(etree.parse(str(xsd_path())))


def test_generated_corpus_agrees_with_the_xsd(xsd):
    config = Config()
    disagreements = []
    valid = invalid = 0
    for index, text in enumerate(corpus(600, seed=20261123)):
        schema_ok = xsd.validate(etree.fromstring(text.encode()))
        findings = [d for d in lint(text, config).diagnostics if d.code in SCHEMA_CODES]
        valid += schema_ok
        invalid += not schema_ok
        if schema_ok == bool(findings):
            disagreements.append((index, str(xsd.error_log.last_error) if not schema_ok else None,
                                  [f"{d.line}:{d.column} {d.code} {d.message}" for d in findings], text))
    assert valid > 150 and invalid > 150, (valid, invalid)
    assert not disagreements, "\n\n".join(
        f"#{i}: xsd={err}\nengine={found}\n{text}" for i, err, found, text in disagreements[:3])
