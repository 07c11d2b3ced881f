"""Flask routes: `@app.route`, `@app.get/post/...`, `@bp.route` with the blueprint's `url_prefix`
(or the one `register_blueprint` gives), and `add_url_rule`."""
from __future__ import annotations

import ast

from . import HTTP_METHODS, Module, Route, call_name, join_prefix, keyword, string_list, string_value


def _blueprints(modules: list[Module]) -> dict[str, tuple[str, str]]:
    """Blueprint variable name -> (blueprint name, URL prefix), across all modules (a blueprint is
    usually defined in one module and registered in another)."""
    found: dict[str, tuple[str, str]] = {}
    for module in modules:
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) \
                    and call_name(node.value) == "Blueprint":
                name = string_value(node.value.args[0]) if node.value.args else None
                prefix = string_value(keyword(node.value, "url_prefix")) or ""
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        found[target.id] = (name or target.id, prefix)
    for module in modules:  # register_blueprint(bp, url_prefix="/x") overrides the blueprint's own
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Call) and call_name(node) == "register_blueprint" and node.args:
                argument = node.args[0]
                variable = argument.attr if isinstance(argument, ast.Attribute) else getattr(argument, "id", None)
                prefix = string_value(keyword(node, "url_prefix"))
                if variable in found and prefix is not None:
                    found[variable] = (found[variable][0], prefix)
    return found


def _apps(modules: list[Module]) -> set[str]:
    names = set()
    for module in modules:
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and call_name(node.value) == "Flask":
                names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def routes(modules: list[Module]) -> list[Route]:
    blueprints = _blueprints(modules)
    apps = _apps(modules)
    if not apps and not blueprints:
        return []
    found: list[Route] = []
    for module in modules:
        for node in ast.walk(module.tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for decorator in node.decorator_list:
                    route = _decorated(decorator, node, module, apps, blueprints)
                    if route:
                        found.append(route)
            elif isinstance(node, ast.Call) and call_name(node) == "add_url_rule" \
                    and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
                owner = node.func.value.id
                if owner not in apps and owner not in blueprints:
                    continue
                rule = string_value(node.args[0]) if node.args else string_value(keyword(node, "rule"))
                view = node.args[2] if len(node.args) > 2 else keyword(node, "view_func")
                endpoint = string_value(node.args[1]) if len(node.args) > 1 else string_value(keyword(node, "endpoint"))
                view_name = getattr(view, "id", None) or getattr(view, "attr", None)
                if rule is None:
                    continue
                function = module.functions().get(view_name or "")
                found.append(_route(rule, string_list(keyword(node, "methods")), endpoint or view_name, owner,
                                    blueprints, module, view_name, function))
    return found


def _decorated(decorator, function, module: Module, apps: set[str], blueprints: dict) -> Route | None:
    if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)
            and isinstance(decorator.func.value, ast.Name)):
        return None
    owner, kind = decorator.func.value.id, decorator.func.attr
    if owner not in apps and owner not in blueprints:
        return None
    rule = string_value(decorator.args[0]) if decorator.args else string_value(keyword(decorator, "rule"))
    if rule is None:
        return None
    if kind == "route":
        methods = string_list(keyword(decorator, "methods")) or ("GET",)
    elif kind in HTTP_METHODS:
        methods = (kind.upper(),)
    else:
        return None
    endpoint = string_value(keyword(decorator, "endpoint")) or function.name
    return _route(rule, methods, endpoint, owner, blueprints, module, function.name, function)


def _route(rule, methods, endpoint, owner, blueprints, module, view_name, function) -> Route:
    prefix = ""
    if owner in blueprints:
        blueprint_name, prefix = blueprints[owner]
        endpoint = f"{blueprint_name}.{endpoint}"
    if methods is not None and "GET" in methods and "HEAD" not in methods:
        methods = methods + ("HEAD",)
    return Route(join_prefix(prefix, rule), methods or ("GET", "HEAD"), endpoint, "flask", view_name, module.path,
                 getattr(function, "lineno", None))
