# The project the pytest-plugin tests run pytest on (copied to a temporary directory; not collected
# by the main suite): Flask, Django, Starlette and httpx-on-ASGI apps serving valid and invalid FlexML.
import django
import flask
import pytest
from django.conf import settings

settings.configure(DEBUG=True, SECRET_KEY="test", ALLOWED_HOSTS=["testserver"], ROOT_URLCONF="django_urls",
                   MIDDLEWARE=[], INSTALLED_APPS=[])
django.setup()

VALID = '<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Say>Hello</Say>\n  <Hangup/>\n</Response>\n'
INVALID = '<Response>\n  <Gather numDigits="one">\n    <Say>Press 1</Say>\n  </Gather>\n</Response>\n'
WARNING_ONLY = "<Response>\n  <Hangup/>\n  <Say>never heard</Say>\n</Response>\n"
XML = "application/xml"


def make_flask():
    app = flask.Flask("ivr")

    @app.route("/valid")
    def valid():
        return flask.Response(VALID, mimetype=XML)

    @app.route("/invalid", methods=["GET", "POST"])
    def invalid():
        return flask.Response(INVALID, mimetype="text/xml")

    @app.route("/as-html")
    def as_html():
        return INVALID                                        # Flask's default: text/html

    @app.route("/json")
    def json():
        return {"flexml": INVALID}

    @app.route("/events")
    def events():
        def forever():
            while True:
                yield "data: <Response><Gather numDigits='one'/></Response>\n\n"
        return flask.Response(forever(), mimetype="text/event-stream")

    @app.route("/xml-generator")
    def xml_generator():
        return flask.Response(iter([INVALID[:15], INVALID[15:]]), mimetype=XML)

    @app.route("/warning")
    def warning():
        return flask.Response(WARNING_ONLY, mimetype=XML)

    @app.route("/redirect")
    def redirect():
        return flask.redirect("/invalid")

    @app.route("/other-xml")
    def other_xml():
        return flask.Response("<project><Gather numDigits='one'/></project>", mimetype=XML)

    return app


def make_starlette():
    from starlette.applications import Starlette
    from starlette.responses import Response
    from starlette.routing import Route
    return Starlette(routes=[
        Route("/valid", lambda request: Response(VALID, media_type=XML)),
        Route("/invalid", lambda request: Response(INVALID, media_type=XML)),
    ])


@pytest.fixture
def flask_client():
    return make_flask().test_client()


@pytest.fixture
def starlette_client():
    from starlette.testclient import TestClient
    with TestClient(make_starlette()) as client:
        yield client
