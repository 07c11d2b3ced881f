from django.http import HttpResponse, StreamingHttpResponse
from django.urls import path

from conftest import INVALID, VALID, XML

urlpatterns = [
    path("valid", lambda request: HttpResponse(VALID, content_type=XML)),
    path("invalid", lambda request: HttpResponse(INVALID, content_type=XML)),
    path("stream", lambda request: StreamingHttpResponse(iter([INVALID[:15], INVALID[15:]]), content_type=XML)),
]
