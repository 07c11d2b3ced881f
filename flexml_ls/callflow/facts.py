"""The JSON formats' facts, read from their JSON Schemas under schema/ (the single source: validation,
hover and completion all read these files; nothing here restates them)."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent

# Document kind -> its schema file.
SCHEMAS = {
    "callflow": "callflow.schema.json",
    "carrierx": "carrierx-call.schema.json",
    "exotel": "exotel-connect.schema.json",
}


def schema_path(kind: str) -> Path:
    """A schema file: inside the installed package, or at the top of a source checkout."""
    name = SCHEMAS[kind]
    packaged = _HERE.parent / "schema" / name
    return packaged if packaged.is_file() else _HERE.parent.parent / "schema" / name


@lru_cache(maxsize=None)
def schema(kind: str) -> dict:
    with open(schema_path(kind), encoding="utf-8") as handle:
        return json.load(handle)


def resolve(kind: str, subschema: dict) -> dict:
    """A subschema with its `$ref` (to this schema's `$defs`) followed, its own keywords winning."""
    while "$ref" in subschema:
        name = subschema["$ref"].rsplit("/", 1)[-1]
        target = schema(kind)["$defs"][name]
        subschema = {**target, **{k: v for k, v in subschema.items() if k != "$ref"}}
    return subschema


class Modules:
    """The call-flow modules as the schema defines them."""

    def __init__(self):
        defs = schema("callflow")["$defs"]
        self.names: list[str] = list(defs["module"]["properties"]["module"]["enum"])
        self.by_fold = {name.casefold(): name for name in self.names}
        self.definitions = {name: defs[name] for name in self.names}

    def canonical(self, name: str) -> str | None:
        """The documented spelling of a module name written in any letter case (the runtime
        lower-cases it), or None for no module."""
        return self.by_fold.get(name.casefold()) if isinstance(name, str) else None

    def fields(self, name: str) -> dict[str, dict]:
        """A module's fields (other than `module`) and their schemas, `$ref`s followed."""
        properties = self.definitions[name].get("properties", {})
        return {field: resolve("callflow", each) for field, each in properties.items() if field != "module"}

    def edges(self, name: str) -> dict[str, dict]:
        """A module's fields that name the module the call goes to next."""
        return {field: each for field, each in self.fields(name).items() if each.get("x-edge")}

    def required(self, name: str) -> list[str]:
        return [field for field in self.definitions[name].get("required", []) if field != "module"]

    def terminal(self, name: str) -> bool:
        return bool(self.definitions[name].get("x-terminal"))

    def waits(self, name: str) -> bool:
        return bool(self.definitions[name].get("x-waits"))

    def description(self, name: str) -> str:
        return self.definitions[name].get("description", "")


@lru_cache(maxsize=1)
def modules() -> Modules:
    return Modules()
