"""Views answer FlexML rendered from templates. CarrierX POSTs its fields as a JSON body.

The menu and the end of a dial choose where the call goes next in code: their template says
`<Redirect>{{ next }}</Redirect>`, a transfer only the running app knows (a dashed edge in
`flexml flow .`; `flexml flow --app` follows it with every digit)."""
import json

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

MENU = {"1": "hours", "2": "support", "3": "voicemail"}


def field(request, name: str) -> str:
    if request.content_type == "application/json":
        try:
            return str(json.loads(request.body or b"{}").get(name) or "")
        except (ValueError, AttributeError):
            return ""
    return request.GET.get(name, "")


def flexml(request, template: str, **context):
    return render(request, template, context, content_type="application/xml")


@csrf_exempt
def welcome(request):
    return flexml(request, "ivr/welcome.xml")


@csrf_exempt
def menu(request):
    choice = MENU.get(field(request, "Digits"))
    return flexml(request, "ivr/next.xml", next=reverse(choice or "welcome"),
                  say="" if choice else "Sorry, that is not an option.")


@csrf_exempt
def hours(request):
    return flexml(request, "ivr/hours.xml")


@csrf_exempt
def support(request):
    return flexml(request, "ivr/support.xml")


@csrf_exempt
def agent(request):
    return flexml(request, "ivr/agent.xml")


@csrf_exempt
def dial_finished(request):
    answered = field(request, "CallStatus") == "completed"
    return flexml(request, "ivr/next.xml", next=reverse("goodbye" if answered else "voicemail"), say="")


@csrf_exempt
def voicemail(request):
    return flexml(request, "ivr/voicemail.xml")


@csrf_exempt
def voicemail_saved(request):
    return flexml(request, "ivr/goodbye.xml")


@csrf_exempt
def goodbye(request):
    return flexml(request, "ivr/goodbye.xml")
