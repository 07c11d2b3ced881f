"""The scanner's fast path for well-formed tags must build exactly what its tolerant path builds."""
from __future__ import annotations

from pathlib import Path

import pytest

from corpus import corpus
from flexml_ls import lint_text
from flexml_ls.parse import scanner

FIXTURES = sorted((Path(__file__).resolve().parent.parent / "fixtures").rglob("*.flexml"))


def shape(nodes):
    out = []
    for node in nodes:
        fields = dict(vars(node))
        fields.pop("parent", None)
        children = fields.pop("children", None)
        attributes = fields.pop("attributes", None)
        out.append((type(node).__name__, sorted(fields.items()),
                    [sorted(vars(a).items()) for a in attributes or []], shape(children or [])))
    return out


def test_fast_and_tolerant_paths_agree(monkeypatch):
    texts = [p.read_text(encoding="utf-8") for p in FIXTURES] + list(corpus(200, seed=5))
    texts += ["<Response><Say a:b='1' c = \"x &amp; y\"\tloop='2'>hi</Say><x:Y/></Response>",
              "<Response><Say bogus>hi</Say><Pause length/><Say :odd='1'/></Response>"]
    fast = [shape(scanner.scan(t)[0]) for t in texts]

    class NoMatch:
        def match(self, *_):
            return None

    monkeypatch.setattr(scanner, "WELL_FORMED_TAG", NoMatch())
    assert [shape(scanner.scan(t)[0]) for t in texts] == fast


@pytest.mark.parametrize("text", ['<Response><Say bogus="1">hi</Say></Response>',
                                  "<Response><Say bogus='1' loop='2'>hi</Say></Response>"])
def test_every_attribute_survives_the_fast_path(text):
    assert [d.code for d in lint_text(text)] == ["FX107"]


def test_attribute_without_value_is_kept():
    assert sorted(d.code for d in lint_text("<Response><Say bogus>hi</Say></Response>")) == ["FX001", "FX107"]
