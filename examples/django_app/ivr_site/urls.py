from django.urls import path

from . import views

urlpatterns = [
    path("ivr/welcome/", views.welcome, name="welcome"),
    path("ivr/menu/", views.menu, name="menu"),
    path("ivr/hours/", views.hours, name="hours"),
    path("ivr/support/", views.support, name="support"),
    path("ivr/agent/", views.agent, name="agent"),
    path("ivr/dial-finished/", views.dial_finished, name="dial-finished"),
    path("ivr/voicemail/", views.voicemail, name="voicemail"),
    path("ivr/voicemail/saved/", views.voicemail_saved, name="voicemail-saved"),
    path("ivr/goodbye/", views.goodbye, name="goodbye"),
]
