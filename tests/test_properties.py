"""Property tests: whatever the input, the engine returns diagnostics (never raises, never hangs),
and every range it reports lies inside the document."""
from __future__ import annotations

import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus import Generator
from flexml_ls.config import Config
from flexml_ls.engine import lint, lint_bytes
from flexml_ls.fixes import fix_text

VALID = [p.read_text(encoding="utf-8") for p in sorted((Path(__file__).resolve().parent.parent / "fixtures" / "valid").glob("*.flexml"))]
CONFIG = Config()
PIECES = ["<", ">", "</", "/>", "<!--", "-->", "<![CDATA[", "]]>", '"', "'", "=", "&", "&amp;", "&#x1F600;",
          "\r", "\n", "\r\n", "\u2028", "😀", "<Say>", "</Say>", "<Response>", "</Response>", "<Gather ",
          'loop="', "<!DOCTYPE x [", "<?xml ", "?>", " ", "\x00", "\ufeff", "Dial", "Number"]


def check(text: str):
    result = lint(text, CONFIG)
    n = len(text)
    for d in result.diagnostics:
        assert 0 <= d.start <= d.end <= n, (d, n)
        assert 1 <= d.line <= d.end_line <= result.lines.line_count
        assert d.column >= 1 and d.end_column >= 1
        if d.fix:
            for edit in d.fix.edits:
                assert 0 <= edit.start <= edit.end <= n
    return result


fast = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@fast
@given(st.text())
def test_any_text(text):
    check(text)


@fast
@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_xml_shaped_noise(text):
    check(text)


@fast
@given(st.binary(max_size=400))
def test_any_bytes(data):
    result = lint_bytes(data)
    assert all(0 <= d.start <= d.end <= len(result.text) for d in result.diagnostics)


@fast
@given(st.sampled_from(VALID), st.data())
def test_mutated_real_documents(text, data):
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(text)))
        if data.draw(st.booleans()):
            text = text[:position] + data.draw(st.sampled_from(PIECES)) + text[position:]
        else:
            text = text[:position] + text[position + data.draw(st.integers(1, 20)):]
    check(text)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000))
def test_generated_and_mutated_documents_and_their_fixes(seed):
    generator = Generator(seed)
    text = generator.mutate(generator.document())
    check(text)
    fixed, _ = fix_text(text, lambda t: lint(t, CONFIG).diagnostics, unsafe=True)
    check(fixed)


def test_deep_nesting_and_huge_text_finish_quickly():
    deep = "<Response>" + "<Gather>" * 20000 + "</Gather>" * 20000 + "</Response>"
    huge = "<Response><Say>" + "word " * 400_000 + "</Say></Response>"
    many = "<Response>" + '<Say loop="x">a</Say>' * 20000 + "</Response>"
    unexpected = "<Response>" + "<Foo/><Say/>" * 10000 + "</Response>"  # each one stops the content model
    for text in (deep, huge, many, unexpected, "<" * 100_000, "<Response " + 'a="1" ' * 50_000 + "/>"):
        start = time.perf_counter()
        check(text)
        assert time.perf_counter() - start < 10
