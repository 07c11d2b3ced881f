"""Django routes: `urlpatterns` of `path`/`re_path`/`url`, `include("app.urls")` with its prefix and
`app_name` namespace, views found by their import (`views.menu`, `from .views import menu`), class
views' `template_name`, and the methods `require_POST`/`require_http_methods` allow."""
from __future__ import annotations

import ast

from . import Module, Route, call_name, join_prefix, keyword, pattern_regex, string_list, string_value

_METHOD_DECORATORS = {"require_POST": ("POST",), "require_GET": ("GET", "HEAD"), "require_safe": ("GET", "HEAD")}


def _urlpatterns(module: Module):
    for node in module.tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        if any(isinstance(t, ast.Name) and t.id == "urlpatterns" for t in targets) \
                and isinstance(node.value, (ast.List, ast.Tuple)):
            return node.value.elts
    return None


def _app_name(module: Module) -> str | None:
    for node in module.tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "app_name" for t in node.targets):
            return string_value(node.value)
    return None


def _root_urlconfs(modules: list[Module], by_dotted: dict[str, Module]) -> list[Module]:
    for module in modules:
        for node in module.tree.body:
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "ROOT_URLCONF" for t in node.targets):
                dotted = string_value(node.value)
                if dotted in by_dotted:
                    return [by_dotted[dotted]]
    included = set()
    for module in modules:
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Call) and call_name(node) == "include" and node.args:
                included.add(string_value(node.args[0]))
    return [m for m in modules if _urlpatterns(m) is not None and m.dotted not in included]


def routes(modules: list[Module]) -> list[Route]:
    by_dotted = {module.dotted: module for module in modules}
    # (a module is also known by its last parts: `ivr.urls` whatever the root it was found under)
    for module in modules:
        parts = module.dotted.split(".")
        for start in range(1, len(parts)):
            by_dotted.setdefault(".".join(parts[start:]), module)
    found: list[Route] = []
    for root in _root_urlconfs(modules, by_dotted):
        _walk(root, "", None, by_dotted, found, set())
    return found


def _walk(module: Module, prefix: str, namespace: str | None, by_dotted: dict, found: list, seen: set) -> None:
    if module.path in seen:
        return
    seen = seen | {module.path}
    for entry in _urlpatterns(module) or ():
        if not (isinstance(entry, ast.Call) and call_name(entry) in ("path", "re_path", "url")) or not entry.args:
            continue
        raw = call_name(entry) != "path"
        pattern = string_value(entry.args[0])
        if pattern is None:
            continue
        target = entry.args[1] if len(entry.args) > 1 else keyword(entry, "view")
        if isinstance(target, ast.Call) and call_name(target) == "include" and target.args:
            included = by_dotted.get(string_value(target.args[0]) or "")
            if included is not None:
                inner_namespace = string_value(keyword(target, "namespace")) or _app_name(included)
                _walk(included, prefix + pattern.lstrip("^").rstrip("$") if raw else prefix + pattern,
                      inner_namespace or namespace, by_dotted, found, seen)
            continue
        name = string_value(keyword(entry, "name")) or (string_value(entry.args[2]) if len(entry.args) > 2 else None)
        if name and namespace:
            name = f"{namespace}:{name}"
        full = join_prefix("", prefix + pattern.lstrip("^").rstrip("$") if raw else prefix + pattern)
        view_module, function, templates = _view(module, target, by_dotted)
        route = Route(full, _methods(function), name, "django",
                      getattr(function, "name", None), view_module.path if function is not None else module.path,
                      getattr(function, "lineno", None) if function is not None else entry.lineno,
                      templates=templates, regex=pattern_regex(full, raw_regex=raw),
                      arguments=_keyword_arguments(entry))
        found.append(route)


def _keyword_arguments(entry: ast.Call) -> list[str]:
    """The strings of the dict a urlpattern passes its view (`path("hours/", views.page,
    {"template_name": "hours.xml"})`): a view rendering the template it is given by name."""
    given = entry.args[2] if len(entry.args) > 2 else keyword(entry, "kwargs")
    if not isinstance(given, ast.Dict):
        return []
    return [text for text in map(string_value, given.values) if text is not None]


def _view(module: Module, target, by_dotted: dict) -> tuple[Module, ast.AST | None, list[str]]:
    """The module and function (or class) a urlpattern's view expression names, and templates it
    names itself (`TemplateView.as_view(template_name=...)`)."""
    templates = []
    if isinstance(target, ast.Call) and call_name(target) == "as_view":
        name = string_value(keyword(target, "template_name"))
        if name:
            templates.append(name)
        target = target.func.value if isinstance(target.func, ast.Attribute) else target
    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
        owner, name = target.value.id, target.attr
        imported = _imported_module(module, owner, by_dotted)
        if imported is not None:
            return imported, imported.functions().get(name), templates
        return module, None, templates
    if isinstance(target, ast.Name):
        source = _imported_from(module, target.id, by_dotted) or module
        return source, source.functions().get(target.id), templates
    return module, None, templates


def _package(module: Module) -> str:
    parts = module.dotted.split(".")
    return ".".join(parts[:-1]) if not module.path.endswith("__init__.py") else module.dotted


def _absolute(module: Module, level: int, name: str | None) -> str:
    if not level:
        return name or ""
    base = _package(module).split(".")
    base = base[:len(base) - (level - 1)] if level > 1 else base
    return ".".join([*filter(None, base), *([name] if name else [])])


def _imported_module(module: Module, alias: str, by_dotted: dict) -> Module | None:
    """The module `alias` names in `module` (`from . import views`, `import ivr.views as views`)."""
    for node in ast.walk(module.tree):
        if isinstance(node, ast.ImportFrom):
            for item in node.names:
                if (item.asname or item.name) == alias:
                    dotted = _absolute(module, node.level, node.module)
                    return by_dotted.get(f"{dotted}.{item.name}" if dotted else item.name)
        elif isinstance(node, ast.Import):
            for item in node.names:
                if (item.asname or item.name) == alias:
                    return by_dotted.get(item.name)
    return None


def _imported_from(module: Module, name: str, by_dotted: dict) -> Module | None:
    for node in ast.walk(module.tree):
        if isinstance(node, ast.ImportFrom) and any((item.asname or item.name) == name for item in node.names):
            return by_dotted.get(_absolute(module, node.level, node.module))
    return None


def _methods(function) -> tuple[str, ...] | None:
    for decorator in getattr(function, "decorator_list", ()):
        name = call_name(decorator) if isinstance(decorator, ast.Call) else getattr(decorator, "id", getattr(decorator, "attr", ""))
        if name in _METHOD_DECORATORS:
            return _METHOD_DECORATORS[name]
        if name == "require_http_methods" and isinstance(decorator, ast.Call) and decorator.args:
            return string_list(decorator.args[0])
    return None
