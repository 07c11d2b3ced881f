# Run with --flexml-check-responses (or flexml_check_responses = true). test_fail_* must fail with a
# FlexML message, test_pass_* pass, test_error_* error at setup.
import asyncio

import httpx
import pytest
from django.test import AsyncClient, Client

from conftest import INVALID, make_starlette


def test_pass_flask_valid(flask_client):
    assert flask_client.get("/valid").status_code == 200


def test_fail_flask_invalid(flask_client):
    flask_client.post("/invalid")


def test_fail_flask_invalid_served_as_html(flask_client):
    flask_client.get("/as-html")


def test_fail_flask_generator_body(flask_client):
    flask_client.get("/xml-generator")


def test_fail_flask_follow_redirects(flask_client):
    flask_client.get("/redirect", follow_redirects=True)


def test_fail_flask_client_made_in_the_test():
    from conftest import make_flask
    make_flask().test_client().get("/invalid")


def test_pass_flask_json_and_other_xml(flask_client):
    assert flask_client.get("/json").json["flexml"] == INVALID
    assert flask_client.get("/other-xml").status_code == 200


def test_pass_flask_event_stream_is_not_read(flask_client):
    response = flask_client.get("/events")
    assert next(response.response).startswith(b"data:")


def test_pass_flask_warnings_do_not_fail(flask_client):
    flask_client.get("/warning")


@pytest.mark.flexml(fail_on="warning")
def test_fail_flask_warning_with_fail_on_warning(flask_client):
    flask_client.get("/warning")


@pytest.mark.flexml(allow=["FX201"])
def test_pass_flask_allowed_code(flask_client):
    flask_client.get("/invalid")


@pytest.mark.flexml(check_responses=False)
def test_pass_flask_checking_off_for_this_test(flask_client):
    flask_client.get("/invalid")


@pytest.mark.flexml(fail_on="fatal")
def test_error_bad_marker(flask_client):
    pass


def test_pass_django_valid():
    assert Client().get("/valid").status_code == 200


def test_fail_django_invalid():
    Client().get("/invalid")


def test_pass_django_streaming_is_not_consumed():
    response = Client().get("/stream")
    assert b"".join(response.streaming_content) == INVALID.encode()


def test_fail_django_async_client():
    asyncio.run(AsyncClient().get("/invalid"))


def test_pass_starlette_valid(starlette_client):
    assert starlette_client.get("/valid").status_code == 200


def test_fail_starlette_invalid(starlette_client):
    starlette_client.get("/invalid")


def test_fail_httpx_on_asgi():
    async def main():
        transport = httpx.ASGITransport(app=make_starlette())
        async with httpx.AsyncClient(transport=transport, base_url="http://app") as client:
            await client.get("/invalid")
    asyncio.run(main())


def test_pass_httpx_concurrent_valid_requests():
    async def main():
        transport = httpx.ASGITransport(app=make_starlette())
        async with httpx.AsyncClient(transport=transport, base_url="http://app") as client:
            responses = await asyncio.gather(*(client.get("/valid") for _ in range(5)))
        assert all(r.status_code == 200 for r in responses)
    asyncio.run(main())


@pytest.mark.flexml(check_responses=False)
def test_fail_fixture(flexml):
    flexml(INVALID)


def test_pass_fixture_lint_and_allow(flexml, flask_client):
    assert [d.code for d in flexml.lint(INVALID).diagnostics] == ["FX201"]
    assert flexml.is_flexml(INVALID) and not flexml.is_flexml("<html/>")
    flexml(INVALID, allow=["FX2"])
