"""Golden tests: each fixture under fixtures/rules/<CODE>/ beside a `.out` file holding exactly what
`flexml lint` reports for it (`line:col: CODE severity: message`). Files named `ok-*` must not trigger
their directory's rule; the others must. Regenerate with `pytest tests/test_golden.py --update-goldens`
and review the diff.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from flexml_ls.engine import lint_bytes
from flexml_ls.rules import RULES

RULE_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "rules"
# JSON call flows (FX6xx) and call requests (FX7xx): fixtures/callflows/<CODE>/, fixtures/requests/<CODE>/.
JSON_FIXTURES = (RULE_FIXTURES.parent / "callflows", RULE_FIXTURES.parent / "requests")
CASES = sorted(RULE_FIXTURES.glob("*/*.flexml")) + sorted(p for d in JSON_FIXTURES for p in d.glob("*/*.json"))


def render(path: Path) -> str:
    result = lint_bytes(path.read_bytes(), filename=str(path) if path.suffix == ".json" else None)
    return "".join(f"{d.line}:{d.column}: {d.code} {d.severity.value}: {d.message}\n" for d in result.diagnostics)


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_golden(path: Path, request):
    golden = path.with_suffix(".out")
    actual = render(path)
    if request.config.getoption("--update-goldens"):
        golden.write_text(actual, encoding="utf-8")
    assert golden.exists(), f"missing {golden}; run with --update-goldens"
    assert actual == golden.read_text(encoding="utf-8")
    code = path.parent.name
    codes = {line.split(" ")[1] for line in actual.splitlines()}
    if path.stem.startswith("ok-"):
        assert code not in codes, f"{path.name} must not trigger {code}"
    else:
        assert code in codes, f"{path.name} must trigger {code}"


FLOW_FIXTURES = RULE_FIXTURES.parent / "flows"


def test_every_rule_has_triggering_and_passing_fixtures():
    """Document rules: FlexML files under fixtures/rules/<CODE>/. Flow rules (FX5xx): small apps under
    fixtures/flows/<CODE>/, each a directory (tests/test_flow.py checks them against their `.out`)."""
    for code, rule in RULES.items():
        if getattr(rule, "scope", "document") == "flow":
            stems = [p.name for p in (FLOW_FIXTURES / code).iterdir() if p.is_dir()]
            assert any(s.startswith("ok-") for s in stems), f"{code}: no ok-* flow fixture"
            assert any(not s.startswith("ok-") for s in stems), f"{code}: no triggering flow fixture"
            continue
        stems = [p.stem for p in (RULE_FIXTURES / code).glob("*.flexml")]
        stems += [p.stem for d in JSON_FIXTURES for p in (d / code).glob("*.json")]
        assert any(s.startswith("ok-") for s in stems), f"{code}: no ok-* fixture"
        assert any(not s.startswith("ok-") for s in stems), f"{code}: no triggering fixture"
