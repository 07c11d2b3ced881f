"""A tiny FlexML builder in the style of twilio's VoiceResponse: verbs as methods, snake_case
keyword arguments as camelCase attributes, `to_xml()` for the document."""
from __future__ import annotations

import xml.etree.ElementTree as ET


def _attribute(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part.capitalize() for part in rest)


def _value(value) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


class Verb:
    def __init__(self, element: ET.Element):
        self.element = element

    def _add(self, name: str, text: str | None = None, **attributes) -> Verb:
        child = ET.SubElement(self.element, name, {_attribute(k): _value(v) for k, v in attributes.items()
                                                   if v is not None})
        if text is not None:
            child.text = str(text)
        return Verb(child)

    def say(self, text: str, **attributes) -> Verb:
        return self._add("Say", text, **attributes)

    def play(self, url: str, **attributes) -> Verb:
        return self._add("Play", url, **attributes)

    def pause(self, **attributes) -> Verb:
        return self._add("Pause", **attributes)

    def gather(self, **attributes) -> Verb:
        return self._add("Gather", **attributes)

    def dial(self, **attributes) -> Verb:
        return self._add("Dial", **attributes)

    def number(self, number: str, **attributes) -> Verb:
        return self._add("Number", number, **attributes)

    def record(self, **attributes) -> Verb:
        return self._add("Record", **attributes)

    def redirect(self, url: str, **attributes) -> Verb:
        return self._add("Redirect", url, **attributes)

    def hangup(self, **attributes) -> Verb:
        return self._add("Hangup", **attributes)


class VoiceResponse(Verb):
    def __init__(self):
        super().__init__(ET.Element("Response"))

    def to_xml(self) -> str:
        return '<?xml version="1.0" encoding="UTF-8"?>' + ET.tostring(self.element, encoding="unicode")
