"""Each rule's docstring is its documentation: the failing example must give exactly that rule's code,
the passing one no diagnostic at all; docs/rules.md is generated from the registry and kept current."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from flexml_ls import lint_text
from flexml_ls.cli import main
from flexml_ls.rules import RULES

BLOCK = re.compile(r"## (Example|Use instead)\n```(?:xml|json)\n(.*?)```", re.S)
# JSON rules' examples are call flows (FX6xx) or call requests (FX7xx, recognised by their content).
EXAMPLE_FILENAMES = {"callflow": "example.callflow.json", "request": "example.json"}
DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


# Text too long to show in a doc page is written `(70,000 characters)`: the test writes them out.
LONG_TEXT = re.compile(r"\((\d[\d,]*) characters\)")


def examples(rule):
    found = dict((title, LONG_TEXT.sub(lambda m: "x" * int(m.group(1).replace(",", "")), body))
                 for title, body in BLOCK.findall(rule.documentation()))
    assert set(found) == {"Example", "Use instead"}, f"{rule.code}: needs ## Example and ## Use instead xml blocks"
    return found


FLOW_CODES = [code for code, rule in RULES.items() if getattr(rule, "scope", "document") == "flow"]
DOCUMENT_CODES = [code for code in RULES if code not in FLOW_CODES]


@pytest.mark.parametrize("code", FLOW_CODES)
def test_flow_rule_examples(code):
    """A flow rule's examples are documents, each after a `<!-- /its/url -->` line; the first is the start."""
    from flexml_ls.flow.checks import check
    from flexml_ls.flow.static import flow_of_documents
    found = examples(RULES[code])
    failing = {f.code for f in check(flow_of_documents(found["Example"]))}
    assert failing == {code}, f"{code} example gives {sorted(failing)}"
    passing = check(flow_of_documents(found["Use instead"]))
    assert passing == [], f"{code} 'use instead' gives {[(f.code, f.message) for f in passing]}"


@pytest.mark.parametrize("code", DOCUMENT_CODES)
def test_docstring_examples(code):
    rule = RULES[code]
    found = examples(rule)
    filename = EXAMPLE_FILENAMES.get(getattr(rule, "dialect", None))
    failing = {d.code for d in lint_text(found["Example"], filename)}
    assert failing == {code}, f"{code} example gives {sorted(failing)}"
    passing = lint_text(found["Use instead"], filename)
    assert passing == [], f"{code} 'use instead' gives {[(d.code, d.message) for d in passing]}"


@pytest.mark.parametrize("code", list(RULES))
def test_docstring_sections(code):
    doc = RULES[code].documentation()
    for section in ("## What it checks", "## Why", "## Example", "## Use instead"):
        assert section in doc, f"{code} lacks {section}"
    assert RULES[code].fixable == ("## Fix safety" in doc), f"{code}: fixable rules document their fix safety"


def test_rules_md_is_current(capsys):
    main(["rules", "--format", "markdown"])
    assert DOCS.read_text(encoding="utf-8") == capsys.readouterr().out, \
        "docs/rules.md is stale: run `flexml rules --format markdown > docs/rules.md`"


def test_rule_command_explains_by_code_and_name(capsys):
    assert main(["rule", "FX201"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# FX201 invalid-value (error)")
    assert "## Why" in out
    assert main(["rule", "unknown-element"]) == 0
    assert "FX102" in capsys.readouterr().out
    assert main(["rule", "FX999"]) == 2
    assert "unknown rule" in capsys.readouterr().err


def test_readme_rule_table_matches_the_registry():
    readme = (DOCS.parent.parent / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (FX\d{3}) \| ([a-z-]+) \| (error|warning|info)", readme, re.M)
    assert rows == [(code, rule.name, rule.severity.value) for code, rule in RULES.items()]
