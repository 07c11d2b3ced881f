"""The fast path (a view over lxml's tree, XSD-validated or not, offsets from scanner windows) must
report exactly what the scanner's path reports: same codes, messages, ranges and fixes."""
from __future__ import annotations

from pathlib import Path

from corpus import Generator
from flexml_ls import catalog
from flexml_ls.config import Config
import pytest

from flexml_ls import engine
from flexml_ls.engine import lint
from flexml_ls.parse import lazy

FIXTURES = sorted((Path(__file__).resolve().parent.parent / "fixtures").rglob("*.flexml"))


def generated():
    generator = Generator(11)
    for index in range(250):
        text = generator.document()
        yield generator.mutate(text) if index % 2 else text  # mutated: XSD-invalid verbs beside valid ones
    # Several elements on one line, multi-line tags, comments: the windows must still find each twin.
    yield ('<Response><Gather><Say>a</Say></Gather><Say loop="2">b</Say><Hangup/><Say\n  loop="3"\n>c</Say>'
           '<!-- <Say loop="3">c</Say> --><Say loop="3">c</Say>\n<Reject/></Response>\n')
    yield "<Response>\r\n  <Redirect>/a</Redirect>\r\n  <Pause/><Pause/>\r\n</Response>"
    yield '<Response><Pause minNoise="1"/><Pause minNoise="1"/><Gather><Pause minNoise="1"/></Gather></Response>'
    yield '<Response>\n<Gather><Wait minNoise="1"/></Gather><Wait minNoise="1"/>\n<Wait minNoise="2"/></Response>'


CASES = [p.read_text(encoding="utf-8") for p in FIXTURES] + list(generated())


def as_data(diagnostics):
    return [(d.code, d.message, d.start, d.end, d.line, d.column, d.fix) for d in diagnostics]


@pytest.mark.parametrize("windows_from", [0, lazy.WINDOWS_FROM])
def test_fast_path_reports_what_the_scanner_path_reports(monkeypatch, windows_from):
    monkeypatch.setattr(lazy, "WINDOWS_FROM", windows_from)  # 0: every document uses scanner windows
    config = Config()
    fast = [as_data(lint(text, config).diagnostics) for text in CASES]
    used_fast = sum(1 for text in CASES if _schema_valid(text))
    monkeypatch.setattr(engine, "_lxml_view_usable", lambda text: False)
    slow = [as_data(lint(text, config).diagnostics) for text in CASES]
    assert used_fast > 100
    mismatches = [(text, f, s) for text, f, s in zip(CASES, fast, slow) if f != s]
    assert not mismatches, mismatches[0]


def _schema_valid(text) -> bool:
    from flexml_ls.parse import parse_tree
    tree, _ = parse_tree(text)
    return tree is not None and catalog.validator().accepts(tree)
