"""The IVR's tests. Three ways to check its FlexML, all from flexml-ls:

- `assert_valid_flexml(response)`: an explicit assertion, anywhere;
- the `flexml` fixture: the same, with this project's [tool.flexml] settings and pytest ini options;
- `flexml_check_responses = true` (pyproject.toml): every <Response> body the Flask test client
  receives is checked, so even tests that only look at the status code catch invalid FlexML.
"""
from pathlib import Path

import pytest
from flask import Response

from flexml_ls.testing import assert_flow_ok, assert_valid_flexml

TEMPLATES = Path(__file__).parent.parent / "ivr_app" / "templates"


def test_welcome_offers_the_menu(client):
    response = client.post("/ivr/welcome")
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    assert assert_valid_flexml(response) == []         # no diagnostic at all, not even a warning
    assert b'<Gather action="/ivr/menu" numDigits="1"' in response.data


@pytest.mark.parametrize("digits", ["1", "2", "3", "9", "", "12345"])
def test_every_menu_choice_answers_flexml(client, flexml, digits):
    flexml(client.post("/ivr/menu", data={"Digits": digits}), fail_on="warning")


def test_dial_outcomes(client):
    # No explicit assertion on the FlexML: the plugin checks both responses (flexml_check_responses).
    assert b"<Hangup" in client.post("/ivr/dial-finished", json={"CallStatus": "completed"}).data
    assert b"<Redirect" in client.post("/ivr/dial-finished", json={"CallStatus": "busy"}).data


def test_status_callback_and_health_are_not_flexml(client):
    assert client.post("/ivr/status").status_code == 204
    assert client.get("/health").json == {"ok": True}     # JSON: the plugin leaves it alone


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*.flexml.xml")), ids=lambda p: p.name)
def test_templates_are_valid_flexml_as_written(template):
    assert_valid_flexml(template.read_bytes(), fail_on="warning")


def test_an_invalid_view_fails_at_the_request(app, client):
    @app.post("/ivr/broken")
    def broken():
        return Response('<Response><Gather numDigits="one"><Say>Hi</Say></Gather></Response>',
                        mimetype="application/xml")

    with pytest.raises(AssertionError) as failure:
        client.post("/ivr/broken")
    message = str(failure.value)
    assert message.startswith("response to POST /ivr/broken (200, application/xml; charset=utf-8) is not valid FlexML")
    assert "FX201" in message and '^^^' in message


@pytest.mark.flexml(check_responses=False)
def test_checking_can_be_turned_off_for_one_test(app, client, flexml):
    @app.post("/ivr/draft")
    def draft():
        return Response("<Response><Gather numDigits='one'/></Response>", mimetype="application/xml")

    response = client.post("/ivr/draft")                       # not checked here
    assert [d.code for d in flexml.lint(response).diagnostics] == ["FX201"]


def test_the_call_flow_reaches_every_document_and_has_no_problem(client, flexml):
    """The whole IVR driven as CarrierX drives it: every digit of every menu, each dial status, a
    recording; every response linted, every transfer followed (flexml-ls's FX5xx rules)."""
    flow = flexml.flow(client, start="/ivr/welcome")
    assert_flow_ok(flow, fail_on="warning")
    assert {"/ivr/welcome", "/ivr/menu", "/ivr/dial-finished", "/ivr/voicemail/saved"} <= set(flow.nodes)


def test_a_broken_transfer_fails_with_the_finding(app, client, flexml):
    @app.post("/ivr/lost")
    def lost():
        return Response('<Response><Redirect>/ivr/nowhere</Redirect></Response>', mimetype="application/xml")

    with pytest.raises(AssertionError) as failure:
        assert_flow_ok(flexml.flow(client, start="/ivr/lost"))
    assert "FX501 error: `<Redirect>` sends the call to `/ivr/nowhere`, which answers 404" in str(failure.value)
