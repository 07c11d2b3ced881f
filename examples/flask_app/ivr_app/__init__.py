"""A small IVR for CarrierX: a menu, opening hours, an agent, and voicemail.

CarrierX requests a URL when a call arrives and after each step (the <Gather> digits, the end of a
<Dial> or <Record>); each view answers with FlexML. Fixed documents are Jinja templates (valid FlexML
as written, so `flexml lint` checks them as files too); documents that depend on the request are
built in code with `ivr_app.flexml`.
"""
from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request, url_for

from .flexml import VoiceResponse

XML = "application/xml"


def create_app(**settings) -> Flask:
    app = Flask(__name__)
    app.config.update(
        COMPANY="Acme Plumbing",
        AGENT_NUMBER="15551234567",
        CALLER_ID="+15557654321",
        HOURS="Monday to Friday, 8 AM to 6 PM",
    )
    app.config.update(settings)

    def flexml(body: str) -> Response:
        return Response(body, mimetype=XML)

    def field(name: str) -> str:
        """A request field: CarrierX POSTs them as a JSON body (GET: the query string); form data
        is read too, for hand-made requests."""
        body = request.get_json(silent=True) if request.is_json else None
        if isinstance(body, dict) and name in body:
            return str(body[name] or "")
        return request.values.get(name, "")

    @app.route("/ivr/welcome", methods=["GET", "POST"])
    def welcome():
        return flexml(render_template("welcome.flexml.xml", company=app.config["COMPANY"]))

    @app.post("/ivr/menu")
    def menu():
        choice = field("Digits")
        if choice == "1":
            return flexml(render_template("hours.flexml.xml", hours=app.config["HOURS"]))
        response = VoiceResponse()
        if choice == "2":
            response.say("Connecting you to an agent.")
            dial = response.dial(action=url_for("dial_finished"), caller_id=app.config["CALLER_ID"], timeout=20)
            dial.number(app.config["AGENT_NUMBER"])
            return flexml(response.to_xml())
        if choice == "3":
            response.say("Leave a message after the beep. Press pound when you are done.")
            response.record(action=url_for("voicemail_saved"), max_length=120, finish_on_key="#", play_beep=True)
            response.say("We did not get a message. Goodbye.")  # (no recording: the next verb runs)
            response.hangup()
            return flexml(response.to_xml())
        response.say(f"Sorry, {choice or 'nothing'} is not an option." if len(choice) < 4 else "Sorry.")
        response.redirect(url_for("welcome"))
        return flexml(response.to_xml())

    @app.post("/ivr/dial-finished")
    def dial_finished():
        if field("CallStatus") == "completed":
            return flexml(render_template("goodbye.flexml.xml"))
        response = VoiceResponse()
        response.say("Our agents are busy. Please leave a message.")
        response.redirect(url_for("menu") + "?Digits=3")
        return flexml(response.to_xml())

    @app.post("/ivr/voicemail/saved")
    def voicemail_saved():
        return flexml(render_template("goodbye.flexml.xml"))

    @app.post("/ivr/status")
    def status():
        return "", 204

    @app.get("/health")
    def health():
        return jsonify(ok=True)

    return app
