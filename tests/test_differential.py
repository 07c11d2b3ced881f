"""The engine's structural verdict agrees with lxml's XMLSchema validation by the XSD.

On hundreds of documents generated from the catalog (valid and mutated), "the XSD rejects it" must
equal "the engine reports a structural code" (the codes of rules marked `schema_judged`). This is
also what makes the engine's fast path sound: it skips those rules once lxml has validated a document.
"""
from __future__ import annotations

import pytest
from lxml import etree

from corpus import corpus
from flexml_ls.catalog import load, xsd_path
from flexml_ls.config import Config
from flexml_ls.engine import lint
from flexml_ls.rules import SCHEMA_CODES

XS = "http://www.w3.org/2001/XMLSchema"


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


# Facts of the XSD the generated corpus seldom reaches: unique stream names (an appinfo fact, not
# xs:unique: the XSD accepts duplicates, and FX206, judged by no XSD, reports them), the name a
# Stop's Stream needs, `X-` SIP headers, text limits counted without the whitespace around the text.
SAY_1024 = ("Please hold. " * 79)[:1023] + "."
EDGE_CASES = [
    '<Response><Start><Stream name="a" url="wss://h/1"/></Start><Start><Stream name="a" url="wss://h/2"/></Start></Response>',
    '<Response><Start><Stream name="a" url="wss://h/1"/><Stream name="a" url="wss://h/2"/></Start></Response>',
    '<Response><Start><Stream name="a" url="wss://h/1"/></Start><Connect><Stream name="a" url="wss://h/2"/></Connect></Response>',
    '<Response><Start><Stream name="a" url="wss://h/1"/></Start><Stop><Stream name="a"/></Stop></Response>',
    '<Response><Start><Stream name="a" url="wss://h/1"/><Stream name="a " url="wss://h/2"/></Start></Response>',
    '<Response><Start><Stream url="wss://h/1"/><Stream url="wss://h/2"/></Start></Response>',
    '<Response><Start><Stream name="a" url="x"/></Start><Start><Stream name="a" url="wss://h/2"/></Start></Response>',
    '<Response><Stop><Stream/></Stop></Response>',
    '<Response><Stop><Stream url="wss://h/1"/></Stop></Response>',
    '<Response><Dial><Number>15162065340?X-Ticket=42&amp;X-Lang=en</Number></Dial></Response>',
    '<Response><Dial><Number>15162065340?Ticket=42</Number></Dial></Response>',
    '<Response><Dial><Number>sip:a@b.example?X-A=1&amp;B=2</Number></Dial></Response>',
    f'<Response><Say>\n    {SAY_1024}\n  </Say></Response>',
    f'<Response><Say>\n    {SAY_1024}!\n  </Say></Response>',
    '<Response><Store>no name</Store><Record lifecycleAction="archive"/></Response>',
]


# Text limits count the text without the XML whitespace around it and with every character inside
# (runs of spaces are not one space), and XML's whitespace is four characters (a no-break space is
# text): each case with the verdict the XSD must give, and the engine with it.
SAY_1030_DOUBLE_SPACED = ("Thank you.  " * 86).strip()         # 945 characters if runs were collapsed
SAY_1024_DOUBLE_SPACED = SAY_1030_DOUBLE_SPACED[:1023] + "!"
NBSP = "\u00a0"
VERDICTS = [
    (f'<Response><Say>{SAY_1030_DOUBLE_SPACED}</Say></Response>', False),
    (f'<Response><Say>\n\t  {SAY_1024_DOUBLE_SPACED}\r\n  </Say></Response>', True),
    (f'<Response><Say>{NBSP}{"x" * 1023}{NBSP}</Say></Response>', False),
    (f'<Response><Sms>{("Code 1234.  " * 57).strip()}</Sms></Response>', False),
    (f'<Response><Sms>\n    {"x  " * 223}x\n  </Sms></Response>', True),
    (f'<Response><Dtmf>{NBSP}123</Dtmf></Response>', False),
    (f'<Response><Redirect>https://h/a{NBSP}b</Redirect></Response>', True),
    (f'<Response><Redirect> https://h/a b </Redirect></Response>', False),
]


@pytest.mark.parametrize("text, valid", VERDICTS)
def test_text_verdicts(xsd, text, valid):
    assert xsd.validate(etree.fromstring(text.encode())) == valid, str(xsd.error_log)
    findings = [d.code for d in lint(text, Config()).diagnostics if d.code in SCHEMA_CODES]
    assert findings == ([] if valid else ["FX203"])


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases_agree_with_the_xsd(xsd, text):
    schema_ok = xsd.validate(etree.fromstring(text.encode()))
    findings = [d.code for d in lint(text, Config()).diagnostics if d.code in SCHEMA_CODES]
    assert schema_ok == (not findings), (str(xsd.error_log), findings)


# Text of a mixed element (`<Play>` URL, `<Dial>` number) is typed by an appinfo fact (fx:mixedText):
# no XSD judges it in a document, so the engine's reading of each such simple type is compared with
# libxml2's, on a copy of the XSD with one global element of that type.
MIXED_TEXTS = [
    "https://cdn.example.com/a.mp3", " \n https://cdn.example.com/a.mp3\n ", "hello world", "hello",
    "ftp://files.example.com/a.mp3", "https://cdn.example.com/hold music.mp3", "mailto:ops@example.com",
    "hls://live.example.com/s.m3u8", "RTMP://live.example.com/app", "/audio/a.mp3", "//cdn.example.com/a",
    "a.mp3?x=a:b", "http:/x", "https://h/a\u00a0b", "\u00a0https://h/a", "15162065340", "+15162065340",
    "415-123-4567", "15162065340?X-Ticket=42&X-Lang=en", "15162065340?Ticket=42", "sip:a@b.example?X-A=1&B=2",
    "sips:agent@pbx.example.com", "sip:agent@pbx.example.com?x-a=1",
]


def test_mixed_text_types_agree_with_libxml2():
    catalog = load()
    names = sorted({fact["type"] for types in catalog.element_types.values() for t in types
                    for fact in t.facts_of("mixedText")})
    assert names, "no fx:mixedText fact"
    tree = etree.parse(str(xsd_path()))
    for name in names:
        etree.SubElement(tree.getroot(), f"{{{XS}}}element", name=f"Check{name}", type=name)
    schema = etree.XMLSchema(tree)
    disagreements = []
    for name in names:
        for text in MIXED_TEXTS:
            element = etree.Element(f"Check{name}")
            element.text = text
            engine_ok = catalog.simple_types[name].check(text) is None
            if schema.validate(element) != engine_ok:
                disagreements.append((name, text, engine_ok))
    assert not disagreements, disagreements
