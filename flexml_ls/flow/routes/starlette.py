"""FastAPI and Starlette routes: `@app.get/post/api_route`, `APIRouter(prefix=...)` and
`include_router(router, prefix=...)`, Starlette's `Route("/x", endpoint, methods=[...])` lists and
`Mount("/prefix", routes=[...])`."""
from __future__ import annotations

import ast

from . import HTTP_METHODS, Module, Route, call_name, join_prefix, keyword, string_list, string_value


def _owners(modules: list[Module]) -> dict[str, str]:
    """Variable name -> URL prefix, for FastAPI apps and APIRouters."""
    found: dict[str, str] = {}
    for module in modules:
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) \
                    and call_name(node.value) in ("FastAPI", "APIRouter"):
                prefix = string_value(keyword(node.value, "prefix")) or ""
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        found[target.id] = prefix
    for module in modules:
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Call) and call_name(node) == "include_router" and node.args:
                argument = node.args[0]
                variable = argument.attr if isinstance(argument, ast.Attribute) else getattr(argument, "id", None)
                prefix = string_value(keyword(node, "prefix"))
                if variable in found and prefix:
                    found[variable] = join_prefix(prefix, found[variable]).rstrip("/") or prefix
    return found


def _mount_prefixes(module: Module) -> dict[int, str]:
    """id() of each `Route(...)` call inside a `Mount("/prefix", routes=[...])` -> its prefix (nested
    mounts joined)."""
    prefixes: dict[int, str] = {}

    def visit(node, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = prefix
            if isinstance(child, ast.Call) and call_name(child) == "Mount" and child.args:
                inner = join_prefix(prefix, string_value(child.args[0]) or "").rstrip("/")
            elif isinstance(child, ast.Call) and call_name(child) == "Route" and prefix:
                prefixes[id(child)] = prefix
            visit(child, inner)
    visit(module.tree, "")
    return prefixes


def routes(modules: list[Module]) -> list[Route]:
    owners = _owners(modules)
    found: list[Route] = []
    for module in modules:
        functions = None
        mounted = _mount_prefixes(module) if "Mount" in module.text else {}
        for node in ast.walk(module.tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and owners:
                for decorator in node.decorator_list:
                    if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)
                            and isinstance(decorator.func.value, ast.Name) and decorator.func.value.id in owners):
                        continue
                    kind = decorator.func.attr
                    path = string_value(decorator.args[0]) if decorator.args else string_value(keyword(decorator, "path"))
                    if path is None:
                        continue
                    if kind in HTTP_METHODS:
                        methods = (kind.upper(),)
                    elif kind == "api_route":
                        methods = string_list(keyword(decorator, "methods")) or ("GET",)
                    else:
                        continue
                    name = string_value(keyword(decorator, "name")) or node.name
                    found.append(Route(join_prefix(owners[decorator.func.value.id], path), methods, name, "fastapi",
                                       node.name, module.path, node.lineno))
            elif isinstance(node, ast.Call) and call_name(node) == "Route" and node.args:
                path = string_value(node.args[0])
                endpoint = node.args[1] if len(node.args) > 1 else keyword(node, "endpoint")
                view = getattr(endpoint, "id", None) or getattr(endpoint, "attr", None)
                if path is None or view is None:
                    continue
                functions = functions if functions is not None else module.functions()
                function = functions.get(view)
                methods = string_list(keyword(node, "methods")) or ("GET", "HEAD")
                name = string_value(keyword(node, "name")) or view
                found.append(Route(join_prefix(mounted.get(id(node), ""), path), methods, name, "starlette", view,
                                   module.path, getattr(function, "lineno", node.lineno)))
    return found
