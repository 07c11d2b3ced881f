"""The engine's shortcuts change nothing but speed, and one faulty rule costs nothing but itself."""
from __future__ import annotations

import logging

import pytest

from corpus import corpus, fixture_texts
from flexml_ls import catalog, engine
from flexml_ls.config import Config
from flexml_ls.engine import lint
from flexml_ls.rules import RULES, Rule
from flexml_ls.rules.base import always

CASES = list(corpus(300, seed=23)) + fixture_texts()


def as_data(diagnostics):
    return [(d.code, d.message, d.start, d.end, d.fix) for d in diagnostics]


def lint_all():
    engine._rule_sets.cache_clear()  # prefilters are compiled once per rule set
    config = Config()
    return [as_data(lint(text, config).diagnostics) for text in CASES]


def test_prefilters_only_skip_elements_with_nothing_to_report(monkeypatch):
    shortcut = lint_all()
    monkeypatch.setattr(Rule, "prefilter", lambda self, element_type: always)
    monkeypatch.setattr(Rule, "prefilter_document", lambda self, catalog: None)
    for rule in RULES.values():
        for hook in ("prefilter", "prefilter_document"):
            if hook in vars(rule):
                monkeypatch.delattr(rule, hook)
    assert lint_all() == shortcut
    assert sum(map(len, shortcut)) > 300


def test_suspects_hold_every_element_the_xsd_errors_concern(monkeypatch):
    """Narrowing the XSD-judged rules to the elements libxml2's errors name changes no diagnostic."""
    narrowed = lint_all()
    monkeypatch.setattr(catalog._Validator, "_suspects", staticmethod(lambda tree, errors: None))
    assert lint_all() == narrowed



# An element libxml2 does not expect makes it skip its parent's later children: the validator takes it
# out, validates again to judge them, and puts it back.
UNEXPECTED = [
    ('<Response>\n  <Sa>Hi</Sa> tail\n  <!-- c -->\n  <Pause length="soon"/>\n  <Say loop="x">a</Say>\n</Response>\n',
     [("FX102", 2, 4), ("FX105", 2, 15), ("FX201", 4, 18), ("FX201", 5, 14)]),
    ('<Response>\n  <Connect>\n    <Stream url="wss://a.example"/>\n    <Stream url="wss://b.example"/>\n'
     '    <Stream url="x"/>\n  </Connect>\n</Response>\n',
     [("FX106", 4, 6), ("FX201", 5, 18)]),
    ('<Response>\n  <Gather>\n    <Sa>x</Sa>\n    <Say loop="q">y</Say>\n    <Hangup/>\n  </Gather>\n'
     '  <Pause length="q"/>\n</Response>\n',
     [("FX102", 3, 6), ("FX201", 4, 16), ("FX104", 5, 6), ("FX201", 7, 18)]),
    # Text right after the unexpected element goes out with it: its parent is judged by every rule.
    ('<Response>\n  <Sa/>stray\n  <Say>x</Say>\n</Response>\n', [("FX102", 2, 4), ("FX105", 2, 8)]),
    ('<Response>\n  <Gather numDigits="x">\n    <Hangup/>\n  </Gather>\n</Response>\n',
     [("FX201", 2, 22), ("FX104", 3, 6)]),
    # Text where only elements may be: libxml2 still judges the children and the content model, so the
    # element alone is a suspect (catalog._OWN_TEXT_ERRORS); its children's mistakes are still found.
    ('<Response>\n  stray\n  <Say loop="x">a</Say>\n'
     '  <Connect>t<Stream url="wss://a"/><Stream url="wss://b"/></Connect>\n</Response>\n',
     [("FX105", 2, 3), ("FX201", 3, 14), ("FX105", 4, 12), ("FX106", 4, 37)]),
    # More than the validator takes out: the elements after the last ones are suspects instead.
    ('<Response>\n' + '  <Foo/>\n' * 6 + '  <Pause length="q"/>\n</Response>\n',
     [("FX102", line, 4) for line in range(2, 8)] + [("FX201", 8, 18)]),
]


@pytest.mark.parametrize("text, expected", UNEXPECTED)
def test_judging_the_children_after_an_unexpected_element_leaves_the_tree_as_it_was(text, expected):
    from lxml import etree

    tree = etree.fromstring(text.encode())
    before = etree.tostring(tree)
    valid, suspects = catalog.validator().judge(tree)
    assert not valid and suspects
    assert etree.tostring(tree) == before
    found = [(d.code, d.line, d.column) for d in lint(text, Config()).diagnostics]
    assert found == expected

def _boom(*args):
    raise RuntimeError("a bug in the rule")


@pytest.mark.parametrize("hook, codes, logged", [
    ("prefilter", ["FX305", "FX201", "FX401"], "rule FX305 (attribute-without-effect): prefilter failed"),
    ("its test", ["FX305", "FX201", "FX401"], ""),
    ("check_element", ["FX201", "FX401"], "rule FX305 (attribute-without-effect) failed"),
])
def test_a_rule_that_raises_costs_only_its_own_diagnostics(monkeypatch, caplog, hook, codes, logged):
    """A broken prefilter costs only speed; a broken check costs only that rule's diagnostics."""
    if hook == "its test":
        monkeypatch.setattr(RULES["FX305"], "prefilter", lambda self, element_type: _boom)
    else:
        monkeypatch.setattr(RULES["FX305"], hook, _boom)
    engine._rule_sets.cache_clear()
    text = ('<Response>\n  <Pause length="2" minNoise="300"/>\n  <Say loop="-1">Hi</Say>\n'
            '  <Hangup/>\n  <Say>never</Say>\n</Response>\n')
    try:
        with caplog.at_level(logging.ERROR, logger="flexml_ls"):
            found = [d.code for d in lint(text, Config()).diagnostics]
    finally:
        engine._rule_sets.cache_clear()
    assert found == codes
    assert logged in caplog.text


def test_linted_documents_are_freed_without_the_cyclic_garbage_collector():
    """No reference cycles in the fast path: a batch run never waits for the cyclic collector."""
    import gc
    config = Config()
    lint(CASES[0], config)
    gc.collect()
    gc.disable()
    try:
        for text in CASES[:200]:  # valid and invalid, with diagnostics, fixes and offsets
            lint(text, config)
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_linting_many_at_once_gives_what_linting_each_gives():
    """lint_many runs each stage over the whole batch: nothing may change but the order of work."""
    encoded = [text.encode("utf-8") for text in CASES]
    encoded += [b"", b"\xff\xfe<\x00R\x00/\x00>\x00", b"<Response><Say>caf\xe9</Say></Response>",
                b'<?xml version="1.0" encoding="ISO-8859-1"?><Response><Say>caf\xe9</Say></Response>',
                b"<Response><!-- flexml: disable-next-line=FX201 -->\n<Say loop='x'>a</Say></Response>",
                b"<Response><Say>", b"\x00\x01 not xml"]
    config = Config(ignore=["FX401"])
    one_by_one = [engine.lint_bytes(data, config) for data in encoded]
    together = engine.lint_many([(data, config) for data in encoded])
    assert [as_data(r.diagnostics) for r in together] == [as_data(r.diagnostics) for r in one_by_one]
    assert [(r.text, r.decoded.encoding) for r in together] == [(r.text, r.decoded.encoding) for r in one_by_one]
    assert sum(bool(r.diagnostics) for r in together) > 100
    # Each file keeps its own config.
    mixed = engine.lint_many([(b"<Response><HangUp/></Response>", Config()),
                              (b"<Response><HangUp/></Response>", Config(ignore=["FX103"]))])
    assert [[d.code for d in r.diagnostics] for r in mixed] == [["FX103"], []]
