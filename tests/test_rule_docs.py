"""Each rule's docstring is its documentation: the failing example must give exactly that rule's code,
the passing one no diagnostic at all; docs/rules.md is generated from the registry and kept current."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from flexml_ls import lint_text
from flexml_ls.cli import main
from flexml_ls.rules import RULES

BLOCK = re.compile(r"## (Example|Use instead)\n```xml\n(.*?)```", re.S)
DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


# Text too long to show in a doc page is written `(70,000 characters)`: the test writes them out.
LONG_TEXT = re.compile(r"\((\d[\d,]*) characters\)")


def examples(rule):
    found = dict((title, LONG_TEXT.sub(lambda m: "x" * int(m.group(1).replace(",", "")), body))
                 for title, body in BLOCK.findall(rule.documentation()))
    assert set(found) == {"Example", "Use instead"}, f"{rule.code}: needs ## Example and ## Use instead xml blocks"
    return found


@pytest.mark.parametrize("code", list(RULES))
def test_docstring_examples(code):
    rule = RULES[code]
    found = examples(rule)
    failing = {d.code for d in lint_text(found["Example"])}
    assert failing == {code}, f"{code} example gives {sorted(failing)}"
    passing = lint_text(found["Use instead"])
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
