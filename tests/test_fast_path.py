"""The fast path (a view over lxml's tree, XSD-validated or not, prefiltered rules, offsets found in
each element's own text) must report exactly what the scanner's path reports: same codes, messages,
ranges and fixes."""
from __future__ import annotations

import pytest

from corpus import corpus, fixture_texts
from flexml_ls import catalog, engine
from flexml_ls.config import Config
from flexml_ls.engine import lint
from flexml_ls.parse import lazy


def generated():
    # Mutated two in three: XSD errors of every kind beside elements the XSD accepts.
    yield from corpus(450, seed=11, mutated_share=2 / 3)
    # Several elements on one line, multi-line tags, comments, CDATA and processing instructions
    # holding `<`: each element's own scan must still find its twin.
    yield ('<Response><Gather><Say>a</Say></Gather><Say loop="2">b</Say><Hangup/><Say\n  loop="3"\n>c</Say>'
           '<!-- <Say loop="3">c</Say> --><Say loop="3">c</Say>\n<Reject/></Response>\n')
    yield "<Response>\r\n  <Redirect>/a</Redirect>\r\n  <Pause/><Pause/>\r\n</Response>"
    yield '<Response><Pause minNoise="1"/><Pause minNoise="1"/><Gather><Pause minNoise="1"/></Gather></Response>'
    yield '<Response>\n<Gather><Wait minNoise="1"/></Gather><Wait minNoise="1"/>\n<Wait minNoise="2"/></Response>'
    yield ('<?xml version="1.0"?>\n<?style <Say> ?><Response><!-- <Say> <Hangup/> --><Say loop="x"><![CDATA[<Play>]]>'
           '</Say><Say loop="y" voice="a>b"><![CDATA[</Say>]]>hi</Say><Dial action="/x">1</Dial><Pause/></Response>')
    yield '<Response><Say>a</Say><Reject reason="busy">t</Reject><Override/><Play digits="1">x<!--c--></Play></Response>'
    # Flow rules over verbs the XSD rejects: names in another letter case, attributes too.
    yield '<Response><Dial Action="/next">15162065317</Dial><Say>never</Say></Response>'
    yield '<Response><hangup/><Say>never</Say><Say>nor this</Say></Response>'
    yield '<Response><Say loop="x">a</Say><reject reason="busy"/><OVERRIDE/></Response>'
    yield '<Response><Play ACTION="/x" Background="TRUE">https://a.example/b.mp3</Play><Say>runs</Say></Response>'
    yield '<Response><Redirect method="get">/next</Redirect><Pause/></Response>'
    # End tags and text found by searching: same-name nesting, entities, blank text, CDATA.
    yield ('<Response><Gather><Gather><Say loop="x">a</Say></Gather ></Gather><Say>&#32;</Say><Say> &amp; b </Say>'
           '<Play>  <![CDATA[u]]>  </Play><Say\n>\n  two\n  lines\n</Say\n></Response>')
    # Starts found by counting the `<name`s of an element's own name: names that begin another name,
    # several of one name on a line, a tab after the name, `>` inside a value.
    yield '<Response><Pauser/><Pause length="x"/><Pause/><Pause length="y"/></Response>'
    yield '<Response><Say>a</Say><Say voice="x">b</Say><Sayhello/><Say loop="z">c</Say></Response>'
    yield '<Response>\n<Play>u</Play><Play\tloop="q">v</Play><Play/><Play loop="r"/></Response>'
    yield '<Response><Say loop="1" voice="a>b">x</Say><Say loop="k">y</Say><Say loop=\'m\'>z</Say></Response>'
    # Comments and processing instructions inside elements the XSD's errors name.
    yield ('<Response><!-- a --><Gather><!-- b --><Bogus><!-- c --></Bogus><?pi x?><Say>a</Say></Gather>'
           '<Say loop="x"><!-- d -->Hi</Say><Dial><?pi y?><Number>1</Number><Number>x</Number></Dial></Response>')


CASES = fixture_texts() + list(generated())


def as_data(diagnostics):
    return [(d.code, d.message, d.start, d.end, d.line, d.column, d.fix) for d in diagnostics]


@pytest.mark.parametrize("element_scans", [True, False])
def test_fast_path_reports_what_the_scanner_path_reports(monkeypatch, element_scans):
    if not element_scans:  # every twin from one scan of the whole text instead
        monkeypatch.setattr(lazy._Twins, "_scan_element", lambda self, node: None)
    config = Config()
    fast = [as_data(lint(text, config).diagnostics) for text in CASES]
    used_fast = sum(1 for text in CASES if _schema_valid(text))
    monkeypatch.setattr(engine, "_lxml_view_usable", lambda text: False)
    slow = [as_data(lint(text, config).diagnostics) for text in CASES]
    assert used_fast > 100
    mismatches = [(text, f, s) for text, f, s in zip(CASES, fast, slow) if f != s]
    assert not mismatches, mismatches[0]


def test_every_offset_on_lxml_view_is_the_scanners():
    """Offsets found cheaply (the n-th tag-opening `<`, one match of the start tag, a search for the
    end tag, a childless element's text) are those a scan of the whole text gives, and no element
    needs that scan."""
    from flexml_ls.parse import parse, parse_tree
    checked = 0
    for text in CASES:
        tree, _ = parse_tree(text)
        if tree is None or not engine._lxml_view_usable(text):
            continue
        document = lazy.build(text, tree)
        scanned = parse(text).root.iter()
        for element, twin in zip(document.root.iter(), scanned):
            assert offsets(element) == offsets(twin), text
            checked += 1
        assert not document.root._twins.everything_paired, text
    assert checked > 3000


def offsets(element):
    return (element.name, element.start, element.name_start, element.name_end, element.start_tag_end,
            element.self_closing, element.end_tag_start, element.end, element.text_range(),
            [(a.name, a.name_start, a.name_end, a.value_start, a.value_end, a.quote) for a in element.attributes])


def _schema_valid(text) -> bool:
    from flexml_ls.parse import parse_tree
    tree, _ = parse_tree(text)
    return tree is not None and catalog.validator().judge(tree)[0]


@pytest.mark.parametrize("text, plain", [
    ("<Response><Say>Hi!</Say></Response>", True),
    ('<?xml version="1.0"?>\n<Response/>', True),
    ('<?xml version="1.0"?>\n<Response><Play>https://a.example/x.mp3?v=1</Play></Response>', True),
    ('<Response><Play>https://a.example/x.mp3?v=1</Play></Response>', True),
    ('<?xml version="1.0"?>\n<Response><?pi x?></Response>', False),
    ('<Response><Play>https://a.example/?q</Play><?pi x?></Response>', False),
    ('<?xml version="1.0"?><Response><!-- c --></Response>', False),
    ("<Response><Say><![CDATA[a]]></Say></Response>", False),
])
def test_a_plain_text_has_no_comment_cdata_or_processing_instruction(text, plain):
    assert lazy._plain(text) is plain


@pytest.mark.parametrize("text", [
    "<Response>stray <Say>a</Say> tail &amp; more\n</Response>",
    "<Response>\n  <Say>a</Say>\n  &#32;\n</Response>",
    "<Response>\n  <Dial>  15555550100 <Number>15555550101</Number>  </Dial>\n</Response>",
    "<Response><Pause/>x<Pause/>  y  <Say>z</Say>\n</Response>",
    '<Response><Gather numDigits="1"><Say>a</Say>b<Say>c</Say></Gather></Response>',
])
def test_text_among_children_is_placed_as_the_scanner_places_it(text):
    from flexml_ls.parse import parse, parse_tree
    tree, _ = parse_tree(text)
    document = lazy.build(text, tree)
    for element, twin in zip(document.root.iter(), parse(text).root.iter()):
        assert offsets(element) == offsets(twin)
    assert not document.root._twins.pairs  # found without scanning
