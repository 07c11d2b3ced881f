"""The fuzz test (issue 14): mutated fixtures (documents, templates, JSON call flows and requests), and what must hold of any input (tests/fuzzing.py):
no exception from the engine (raised, or a rule's failure it logged), every diagnostic inside the
text, the same result twice, fixes that edit only what they own, never past the first syntax error,
and idempotent; each input within a time budget (the deadline). bench/fuzz.py runs the same checks
on many more inputs."""
from __future__ import annotations

import os
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzzing import INJECTIONS, KINDS, PIECES, SOURCES, check, mutate

operation = st.tuples(st.sampled_from(KINDS), st.floats(0, 1), st.integers(0, 40),
                      st.integers(0, 4 * max(len(PIECES), len(INJECTIONS))))


@settings(max_examples=int(os.environ.get("FLEXML_FUZZ_EXAMPLES", "5000")), deadline=timedelta(seconds=2),
          suppress_health_check=[HealthCheck.too_slow], database=None)
@given(source=st.sampled_from(SOURCES), operations=st.lists(operation, min_size=1, max_size=4))
def test_mutated_fixtures_lint_and_fix_soundly(source, operations):
    filename, data = source
    found = check(mutate(data, operations), filename)
    assert found.clean, found


def test_the_fuzzing_takes_every_kind_of_input():
    kinds = {name.rsplit("/", 1)[-1].split(".", 1)[-1] for name, _ in SOURCES}
    assert {"flexml", "flexml.j2", "callflow.json", "json"} <= kinds
    assert sum(name.endswith(".flexml") and b"{%" in data for name, data in SOURCES) >= 10   # Django templates


def test_the_checks_catch_a_fix_that_reaches_past_a_syntax_error(monkeypatch):
    """The fuzz test can fail: with issue 14's first fault put back, it finds it."""
    from flexml_ls import engine, suppressions
    monkeypatch.setattr(engine, "_keep_fixes_before", lambda diagnostics, error: None)
    monkeypatch.setattr(suppressions, "_well_formed", lambda text, comment: True)
    found = check(b'<Response>\n  <!-- flexml: disable-next-line=FX201 templated --/>\n  <Say loop="2">Hi</Say>\n'
                  b'</Response>\n')
    assert found.fix_violations == ["FX901: edit 11-102 past the syntax error at 60"]


def test_the_checks_catch_a_call_flow_fix_past_bytes_that_do_not_decode(monkeypatch):
    from flexml_ls import engine
    data = (b'{"extension": 501, "name": "caf\xe9",\n "flow": {"a": {"module": "start", "next": "b"},\n'
            b' "b": {"module": "Busy"}}}\n')
    assert check(data, "flow.callflow.json").clean
    monkeypatch.setattr(engine, "_keep_fixes_before", lambda diagnostics, error: None)
    assert check(data, "flow.callflow.json").fix_violations == ["FX602: edit 101-107 past the syntax error at 31"]
