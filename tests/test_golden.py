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
CASES = sorted(RULE_FIXTURES.glob("*/*.flexml"))


def render(path: Path) -> str:
    result = lint_bytes(path.read_bytes())
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


def test_every_rule_has_triggering_and_passing_fixtures():
    for code in RULES:
        stems = [p.stem for p in (RULE_FIXTURES / code).glob("*.flexml")]
        assert any(s.startswith("ok-") for s in stems), f"{code}: no ok-* fixture"
        assert any(not s.startswith("ok-") for s in stems), f"{code}: no triggering fixture"
