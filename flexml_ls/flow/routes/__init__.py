"""Static route discovery: which URL each view serves, and what FlexML it answers with, read from the
app's Python source with `ast` (the app is never imported: importing runs its code).

Each framework has a reader (Flask, Django, FastAPI/Starlette); all produce `Route`s. A route is tied
to the templates its view renders, the FlexML literals it returns, and the transfers it builds in code
with a VoiceResponse-style builder (`response.gather(action=url_for("menu"))`).
"""
from __future__ import annotations

import ast
import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ...source import read_file

SKIPPED_DIRECTORIES = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".nox",
                       "site-packages", "build", "dist", "tests", "test"}   # (tests add routes of their own)
HTTP_METHODS = ("get", "post", "put", "patch", "delete", "head", "options")


@dataclass
class CodeTransfer:
    """A transfer a view builds in code: `response.redirect(url_for("welcome"))`."""
    verb: str                  # the builder's method name (`redirect`, `gather`...)
    keyword: str               # `action`, `error_action`, or "" (the first argument)
    target: str | None         # a URL, or None when only `name` is known or nothing is
    name: str | None           # the route name of url_for/reverse
    method: str | None
    line: int
    column: int                # 1-based


@dataclass
class Literal:
    """A FlexML document written in the view's source as a string."""
    text: str
    line: int                  # 1-based position of the string's first character
    column: int


@dataclass
class Route:
    pattern: str               # the URL path as written in the app, prefixes applied (`/calls/<int:id>`)
    methods: tuple[str, ...] | None   # upper case; None: any method
    name: str | None           # endpoint / URL name (`menu`, `ivr:menu`, `bp.menu`)
    framework: str
    view: str | None = None    # the view function's name
    path: str | None = None    # the file defining the view
    line: int | None = None
    templates: list[str] = field(default_factory=list)
    literals: list[Literal] = field(default_factory=list)
    code_transfers: list[CodeTransfer] = field(default_factory=list)
    regex: re.Pattern | None = None
    strings: list[str] = field(default_factory=list)   # every string in the view (template names via helpers)
    arguments: list[str] = field(default_factory=list)  # strings the URL pattern passes its view (Django's kwargs)

    def matches(self, url_path: str) -> bool:
        return bool(self.regex and self.regex.fullmatch(url_path))

    def accepts(self, method: str) -> bool:
        return self.methods is None or method.upper() in self.methods

    @property
    def serves_flexml(self) -> bool:
        return bool(self.templates or self.literals or self.code_transfers)


# --- URL patterns -> regular expressions ----------------------------------------------------------

_CONVERTER = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>|\{(\w+)(?::(\w+))?\}")


def pattern_regex(pattern: str, raw_regex: bool = False) -> re.Pattern:
    """Flask `<int:id>`, Django `<slug:s>`, FastAPI `{id}` / `{p:path}` placeholders as regular
    expressions; a Django `re_path` pattern is a regular expression already."""
    if raw_regex:
        body = pattern.lstrip("^").rstrip("$")
        if body.startswith("/"):
            body = body[1:]
        try:
            return re.compile("/" + body)
        except re.error:
            return re.compile(re.escape(pattern))
    out, last = [], 0
    for match in _CONVERTER.finditer(pattern):
        out.append(re.escape(pattern[last:match.start()]))
        converter = match.group(1) or match.group(4) or ""
        out.append({"int": r"\d+", "path": r".+", "float": r"[\d.]+"}.get(converter, r"[^/]+"))
        last = match.end()
    out.append(re.escape(pattern[last:]))
    return re.compile("".join(out))


def join_prefix(prefix: str, pattern: str) -> str:
    """`/ivr` + `/menu` -> `/ivr/menu`; Django's `ivr/` + `menu/` -> `/ivr/menu/`."""
    joined = prefix.rstrip("/") + "/" + pattern.lstrip("/") if prefix else pattern
    return joined if joined.startswith("/") else "/" + joined


# --- reading Python source ------------------------------------------------------------------------

@dataclass
class Module:
    path: str
    text: str
    tree: ast.Module
    dotted: str                # the module's dotted name relative to its search root

    @cached_property
    def definitions(self) -> list[ast.AST]:
        """Every function and class, walked once (each route looks its view up here: a walk per
        route would make discovery quadratic in the module's size)."""
        return [node for node in ast.walk(self.tree)
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]

    @cached_property
    def by_line(self) -> dict[int, ast.AST]:
        found: dict[int, ast.AST] = {}
        for node in self.definitions:
            found.setdefault(node.lineno, node)
        return found

    def functions(self) -> dict[str, ast.AST]:
        found = {}
        for node in self.definitions:
            found.setdefault(node.name, node)
        return found


def python_files(roots: list[Path]) -> list[tuple[Path, Path]]:
    """(file, the root it was found under) for every .py file, in a stable order."""
    found = []
    for root in roots:
        if root.is_file():
            if root.suffix == ".py":
                found.append((root, root.parent))
            continue
        for directory, subdirectories, files in os.walk(root):
            subdirectories[:] = sorted(d for d in subdirectories if d not in SKIPPED_DIRECTORIES and not d.startswith("."))
            for name in sorted(files):
                if name.endswith(".py") and not name.startswith("test_") and name != "conftest.py":
                    found.append((Path(directory) / name, root))
    return found


def read_modules(roots: list[Path]) -> list[Module]:
    modules = []
    for file, root in python_files(roots):
        try:
            text = read_file(file).decode("utf-8")  # (never waits on a FIFO)
            tree = ast.parse(text, filename=str(file))
        except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
            continue  # not our job to report a module Python cannot read
        relative = file.relative_to(root).with_suffix("")
        parts = list(relative.parts)
        if parts and parts[-1] == "__init__":
            parts.pop()
        modules.append(Module(str(file), text, tree, ".".join(parts)))
    return modules


def string_value(node) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def call_name(node) -> str:
    """`render_template` for render_template(...), `url_for` for flask.url_for(...)."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def keyword(call: ast.Call, name: str):
    for item in call.keywords:
        if item.arg == name:
            return item.value
    return None


def string_list(node) -> tuple[str, ...] | None:
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        values = [string_value(item) for item in node.elts]
        if all(v is not None for v in values):
            return tuple(v.upper() for v in values)
    return None


URL_BUILDERS = {"url_for", "reverse", "reverse_lazy", "resolve_url"}
RENDERERS = {"render_template": 0, "render": 1, "render_to_string": 0, "get_template": 0,
             "TemplateResponse": None, "stream_template": 0, "select_template": 0}


def rendered_templates(function: ast.AST) -> list[str]:
    """Template names a view renders: render_template("x"), render(request, "x"), TemplateResponse(...)."""
    found = []
    for node in ast.walk(function):
        if not isinstance(node, ast.Call):
            continue
        name = call_name(node)
        if name not in RENDERERS:
            continue
        value = keyword(node, "template_name") or keyword(node, "name")
        candidates = [value] if value is not None else list(node.args)
        position = RENDERERS[name]
        if position is not None and value is None:
            candidates = node.args[position:position + 1]
        for candidate in candidates:  # (TemplateResponse: the first string argument, old or new order)
            text = string_value(candidate)
            if text is not None:
                found.append(text)
                break
    for node in ast.walk(function):  # class-based views: template_name = "x"
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "template_name" for t in node.targets):
            text = string_value(node.value)
            if text is not None:
                found.append(text)
    return list(dict.fromkeys(found))


def flexml_literals(function: ast.AST, module: Module) -> list[Literal]:
    found = []
    for node in ast.walk(function):
        text = string_value(node)
        if text is not None and "<Response" in text:
            found.append(Literal(text, *_value_position(node, module)))
    return found


def _value_position(node: ast.Constant, module: Module) -> tuple[int, int]:
    """The 1-based line and column of the string's first character (after its quotes), where the
    literal is plain enough for that to be exact; else of the literal itself."""
    segment = ast.get_source_segment(module.text, node) or ""
    prefix = re.match(r"[rRbBuU]*('''|\"\"\"|'|\")", segment)
    column = node.col_offset + (prefix.end() if prefix else 0)
    return node.lineno, column + 1


def url_reference(node) -> tuple[str | None, str | None]:
    """(literal URL, route name) of `"/x"`, `url_for("x")`, `reverse("x")`, `url_for("x") + "?a=1"`."""
    text = string_value(node)
    if text is not None:
        return text, None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return url_reference(node.left)
    if isinstance(node, ast.Call) and call_name(node) in URL_BUILDERS and node.args:
        return None, string_value(node.args[0])
    return None, None


def code_transfers(function: ast.AST, verbs: dict[str, dict[str, str]]) -> list[CodeTransfer]:
    """Builder calls that send the call on: `x.gather(action=...)`, `x.redirect(url)`. `verbs` maps a
    builder method name to {keyword: attribute} (from the catalog, see static.builder_verbs)."""
    found = []
    for node in ast.walk(function):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        keywords = verbs.get(node.func.attr)
        if keywords is None:
            continue
        for name in keywords:
            value = node.args[0] if name == "" and node.args else keyword(node, name) if name else None
            if value is None:
                continue
            url, route_name = url_reference(value)
            method = string_value(keyword(node, "method"))
            found.append(CodeTransfer(node.func.attr, name, url, route_name, method.upper() if method else None,
                                      value.lineno, value.col_offset + 1))
    return found


def discover(roots: list[Path], verbs: dict[str, dict[str, str]] | None = None) -> list[Route]:
    """Every route the Flask, Django and FastAPI/Starlette readers find under `roots`."""
    from . import django, flask, starlette
    modules = read_modules(roots)
    routes: list[Route] = []
    for reader in (flask, django, starlette):
        routes.extend(reader.routes(modules))
    by_file = {module.path: module for module in modules}
    for route in routes:
        route.regex = route.regex or pattern_regex(route.pattern)
        module = by_file.get(route.path or "")
        function = _function_node(module, route)
        if function is not None:
            if not route.templates:
                route.templates = rendered_templates(function)
            route.literals = flexml_literals(function, module)
            route.strings = [n.value for n in ast.walk(function) if string_value(n) is not None]
            route.code_transfers = code_transfers(function, verbs or {})
    routes.sort(key=lambda r: (r.pattern, r.methods or ()))
    return routes


def _function_node(module: Module | None, route: Route):
    if module is None or route.line is None:
        return None
    return module.by_line.get(route.line)


class RouteTable:
    """The routes of an app, looked up by URL path and by name."""

    def __init__(self, routes: list[Route]):
        self.routes = routes
        self.by_name: dict[str, Route] = {}
        for route in routes:
            if route.name:
                self.by_name.setdefault(route.name, route)

    def match(self, url_path: str) -> list[Route]:
        return [route for route in self.routes if route.matches(url_path)]

    def named(self, name: str) -> Route | None:
        """A route by its name: exact, else a blueprint's or namespace's own (`.menu`, `menu` for `bp.menu`)."""
        if name in self.by_name:
            return self.by_name[name]
        short = name.lstrip(".").split(":")[-1]
        candidates = [r for n, r in self.by_name.items() if re.split(r"[.:]", n)[-1] == short]
        return candidates[0] if len(candidates) == 1 else None
