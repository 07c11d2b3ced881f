"""The call flow from source: routes discovered in the app's Python, the templates and literals its
views answer with, plain FlexML files, and the URLs in all of them resolved as CarrierX resolves them.

A URL the source cannot tell (`{{ next }}`, an f-string) is a dynamic edge: drawn dashed, never an
error. `url_for('menu')` and `{% url 'ivr:menu' %}` resolve by route name.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..catalog import Catalog, load
from ..diagnostics import Severity
from ..parse import parse
from ..source import LineIndex, read_file
from . import urls
from .extract import CALLBACK, NO_INPUT, document_flow, response_problem
from .model import Edge, Flow, Node
from .routes import SKIPPED_DIRECTORIES, Route, RouteTable, discover

FLEXML_SUFFIXES = (".flexml", ".flexml.xml")


@dataclass
class StaticOptions:
    start: str | None = None
    base_url: str | None = None
    routes: dict[str, str] = field(default_factory=dict)   # URL pattern -> file or template name


def builder_verbs(catalog: Catalog) -> dict[str, dict[str, str]]:
    """Builder method name -> {keyword: attribute} for every verb whose attribute sends the call on,
    from the catalog's flow facts: `gather` -> {"action": "action"}, `redirect` -> {"": "text"}."""
    verbs: dict[str, dict[str, str]] = {}
    for name, types in catalog.element_types.items():
        for element_type in types:
            for fact in element_type.facts_of("flow"):
                attribute = fact.get("attribute")
                if fact["effect"] == "transfers":
                    verbs.setdefault(name.lower(), {})[""] = "text"
                elif attribute:
                    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", attribute).lower()
                    verbs.setdefault(name.lower(), {})[snake] = attribute
    return verbs


def _canonical_verbs(catalog: Catalog) -> dict[str, str]:
    return {name.lower(): name for name in catalog.element_types}


class _Templates:
    """Template files by the name views render them with (relative to a `templates` directory)."""

    def __init__(self, roots: list[Path]):
        self.by_name: dict[str, Path] = {}
        self.directories: list[Path] = []
        for root in roots:
            if not root.is_dir():
                continue
            for directory, subdirectories, files in os.walk(root):
                subdirectories[:] = sorted(d for d in subdirectories if d not in SKIPPED_DIRECTORIES and not d.startswith("."))
                here = Path(directory)
                if here.name == "templates":
                    self.directories.append(here)
                    for inner, _, names in os.walk(here):
                        for name in sorted(names):
                            file = Path(inner) / name
                            self.by_name.setdefault(file.relative_to(here).as_posix(), file)

    def find(self, name: str) -> Path | None:
        return self.by_name.get(name)


@dataclass
class _Source:
    """One text a node is served from, and how to read positions in it."""
    text: str                  # what is parsed (a rendering of a template, or the file)
    file: str                  # the file it comes from
    original: str              # the file's text
    to_source: object          # rendering offset -> file offset (or None)

    def position(self, offset: int) -> tuple[int | None, int | None]:
        mapped = self.to_source(offset)
        if mapped is None:
            return None, None
        lines = self.__dict__.get("_lines")
        if lines is None:
            lines = self.__dict__["_lines"] = LineIndex(self.original)
        line, column = lines.position(mapped)
        return line + 1, column + 1

    def source_slice(self, start: int, end: int) -> str:
        """The file's text behind a rendering range (a template expression, for a dynamic URL)."""
        first, last = self.to_source(start), self.to_source(max(start, end - 1))
        if first is None:
            return ""
        last = first if last is None else last
        text = self.original[first:last + 1]
        opened = max(text.rfind("{{"), text.rfind("{%"))
        if opened >= 0 and "}" not in text[opened:]:  # a hole rendered shorter than it is written
            closing = self.original.find("}", last, last + 200)
            if closing >= 0:
                text = self.original[first:closing + 2]
        return text


def _identity(offset: int) -> int:
    return offset


def _renderings(text: str, file: Path, search_dirs: list[Path], language: str | None = None) -> list[_Source]:
    """The documents a template can render to ([C]'s `flexml_ls.template`), or the text itself."""
    try:
        from ..template import is_template, render_all
    except ImportError:
        return [_Source(text, str(file), text, _identity)]
    try:
        if not is_template(text):
            return [_Source(text, str(file), text, _identity)]
        result = render_all(text, filename=str(file), language=language,
                            search_dirs=tuple(str(d) for d in search_dirs))
        return [_Source(r.text, str(file), text, r.to_source) for r in result.renderings] \
            or [_Source(text, str(file), text, _identity)]
    except Exception:  # noqa: BLE001 - a template the renderer cannot take is read as written
        return [_Source(text, str(file), text, _identity)]


def _is_dynamic(value: str) -> bool:
    try:
        from ..dynamic import is_dynamic
    except ImportError:
        return urls.looks_dynamic(value)
    return is_dynamic(value) or urls.looks_dynamic(value)


class StaticFlow:
    def __init__(self, roots: list[Path], options: StaticOptions, catalog: Catalog | None = None):
        self.roots = roots
        self.options = options
        self.catalog = catalog or load()
        self.origin = options.base_url.rstrip("/") if options.base_url else urls.LOCAL
        self.flow = Flow(start=None)
        self.templates = _Templates(roots)
        self.table = RouteTable(discover(roots, builder_verbs(self.catalog)))
        self.static_documents = self._static_documents()

    @cached_property
    def by_file(self) -> dict[Path, tuple[list[str], str | None]]:
        """Each template's and static document's resolved path: its template names, and the URL it
        is served at as a static document (resolved once: the editor asks on every change)."""
        found: dict[Path, tuple[list[str], str | None]] = {}
        for name, file in self.templates.by_name.items():
            found.setdefault(file.resolve(), ([], None))[0].append(name)
        for url, file in self.static_documents.items():
            names, _ = found.get(Path(file).resolve(), ([], None))
            found[Path(file).resolve()] = (names, url)
        return found

    def _static_documents(self) -> dict[str, Path]:
        """Plain FlexML files served as they are: URL path (relative to the root given) -> file."""
        found: dict[str, Path] = {}
        template_dirs = set(self.templates.directories)
        for root in self.roots:
            if root.is_file():
                if root.name.endswith(FLEXML_SUFFIXES):
                    found["/" + root.name] = root
                continue
            for directory, subdirectories, files in os.walk(root):
                here = Path(directory)
                subdirectories[:] = sorted(d for d in subdirectories if d not in SKIPPED_DIRECTORIES
                                           and not d.startswith(".") and here / d not in template_dirs)
                for name in sorted(files):
                    if name.endswith(FLEXML_SUFFIXES):
                        found["/" + (here / name).relative_to(root).as_posix()] = here / name
        for pattern, target in self.options.routes.items():
            file = self.templates.find(target) or Path(target)
            found[urls.node_id(urls.resolve("/", pattern, self.origin), self.origin)] = file
        return found

    def build(self) -> Flow:
        flow = self.flow
        for route in self.table.routes:
            if not route.templates:  # a template named by the URL pattern's arguments, or rendered through
                # a helper of the app's own: names of template files
                route.templates = [s for s in dict.fromkeys(route.arguments) if self.templates.find(s)] \
                    or [s for s in dict.fromkeys(route.strings) if self.templates.find(s)]
            node = flow.add_node(Node(route.pattern, method=_method_of(route), path=route.path, line=route.line,
                                      data={"route": route.name, "view": route.view, "framework": route.framework,
                                            "methods": list(route.methods) if route.methods else None,
                                            "serves_flexml": route.serves_flexml}))
            for name in route.templates:
                file = self.templates.find(name)
                if file is None:
                    node.data.setdefault("missing_templates", []).append(name)
                    continue
                node.data.setdefault("templates", []).append(str(file))
                self._read_document(node, file, "django" if route.framework == "django" else "jinja2")
            for literal in route.literals:
                self._read_literal(node, route, literal)
            for transfer in route.code_transfers:
                self._code_edge(node, route, transfer)
        for url, file in sorted(self.static_documents.items()):
            if url in flow.nodes and flow.nodes[url].kind != "missing":
                self._read_document(flow.nodes[url], file)
                continue
            node = flow.add_node(Node(url, method="POST", path=str(file), line=1, column=1, data={"static": True}))
            self._read_document(node, file)
        if self.options.start:
            flow.start = self._node_for(urls.resolve("/", self.options.start, self.origin), "POST")[0]
        _dedupe(flow)
        return flow

    # --- documents ---------------------------------------------------------------------------------

    def _read_document(self, node: Node, file: Path, language: str | None = None) -> None:
        try:
            text = read_file(file).decode("utf-8")  # (never waits on a FIFO)
        except (OSError, UnicodeDecodeError) as error:
            node.data.setdefault("problems", []).append({"message": f"cannot read {file}: {error}"})
            return
        if node.path is None or node.data.get("static"):
            node.path, node.line, node.column = str(file), 1, 1
        for source in _renderings(text, file, self.templates.directories, language):
            self._read_source(node, source)

    def _read_literal(self, node: Node, route: Route, literal) -> None:
        text = literal.text
        module_text = Path(route.path).read_text(encoding="utf-8") if route.path else text
        lines = LineIndex(module_text)
        base = lines.offset(literal.line - 1, literal.column - 1)
        exact = module_text[base:base + len(text)] == text

        def to_source(offset: int, base=base, exact=exact):
            return base + offset if exact else base

        self._read_source(node, _Source(text, route.path or "", module_text, to_source))

    def _read_source(self, node: Node, source: _Source) -> None:
        from ..engine import lint
        from ..config import Config
        document = parse(source.text)
        problem = response_problem(source.text, document, self.catalog)
        if problem is not None:
            node.data["response_problem"] = problem
            return
        flow_of = document_flow(document, self.catalog)
        node.terminal = node.terminal or flow_of.terminal
        node.collects_input = node.collects_input or flow_of.collects_input
        if flow_of.root is not None:
            node.data["flexml"] = True
        if flow_of.silent_end is not None and "silent_end" not in node.data:
            verb, start, _ = flow_of.silent_end
            line, column = source.position(start)
            node.data["silent_end"] = {"verb": verb, "path": source.file or None, "line": line, "column": column}
        problems = node.data.setdefault("problems", [])
        for diagnostic in lint(source.text, Config()).diagnostics:
            if diagnostic.severity is not Severity.ERROR:
                continue
            if _is_dynamic(source.text[max(0, diagnostic.start - 1):diagnostic.end + 1]):
                continue  # about a value only the running app knows
            line, column = source.position(diagnostic.start)
            problem = {"code": diagnostic.code, "message": diagnostic.message, "path": source.file,
                       "line": line, "column": column}
            if problem not in problems:
                problems.append(problem)
        for transfer in [*flow_of.transfers, *flow_of.callbacks]:
            line, column = source.position(transfer.start)
            end_line, end_column = source.position(transfer.end)
            target, dynamic, refused = None, False, None
            name = urls.named_route(source.source_slice(transfer.start, transfer.end))
            if name is not None:
                route = self.table.named(name)
                if route is None:
                    target = self._missing(f"url_for('{name}')" if "url_for" in source.source_slice(transfer.start, transfer.end)
                                           else f"{{% url '{name}' %}}")
                else:
                    target, refused = route.pattern, None if route.accepts(transfer.method) else transfer.method
            elif _is_dynamic(transfer.url):
                dynamic = True
            else:
                target, refused = self._node_for(urls.resolve(node.id, transfer.url, self.origin), transfer.method)
            edge = Edge(node.id, target, transfer.verb, transfer.attribute, transfer.method, transfer.outcome, dynamic,
                        source.file, line, column, end_line, end_column)
            if refused:
                edge.data["refused"] = refused
            if transfer.outcome == CALLBACK:
                edge.data["callback"] = True
            self.flow.add_edge(edge)

    def _code_edge(self, node: Node, route: Route, transfer) -> None:
        canonical = _canonical_verbs(self.catalog)
        verb = canonical.get(transfer.verb, transfer.verb)
        attribute = builder_verbs(self.catalog).get(transfer.verb, {}).get(transfer.keyword, transfer.keyword)
        method = transfer.method or "POST"
        target, dynamic, refused = None, False, None
        if transfer.name is not None:
            found = self.table.named(transfer.name)
            if found is None:
                target = self._missing(f"url_for('{transfer.name}')")
            else:
                target, refused = found.pattern, None if found.accepts(method) else method
        elif transfer.target is not None and not _is_dynamic(transfer.target):
            target, refused = self._node_for(urls.resolve(node.id, transfer.target, self.origin), method)
        else:
            dynamic = True
        outcome = self._outcome(verb, attribute)
        edge = Edge(node.id, target, verb, attribute, method, outcome, dynamic, route.path, transfer.line,
                    transfer.column, data={"built_in_code": True})
        if refused:
            edge.data["refused"] = refused
        self.flow.add_edge(edge)
        node.data["flexml"] = True

    def _outcome(self, verb: str, attribute: str) -> str:
        for element_type in self.catalog.element_types.get(verb, ()):
            for fact in element_type.facts_of("callback"):
                if fact["attribute"] == attribute:
                    return fact.get("outcome", "")
        return ""

    # --- targets -----------------------------------------------------------------------------------

    def _missing(self, label: str) -> str:
        self.flow.add_node(Node(label, kind="missing"))
        return label

    def _node_for(self, url: str, method: str) -> tuple[str, str | None]:
        """The node a resolved URL reaches, and the method its route refuses (None: accepted)."""
        target = urls.node_id(url, self.origin)
        if not urls.is_own(url, self.origin):
            self.flow.add_node(Node(target, kind="external"))
            return target, None
        routes = self.table.match(target)
        if routes:
            accepting = [r for r in routes if r.accepts(method)]
            return (accepting or routes)[0].pattern, None if accepting else method
        if target in self.static_documents:
            return target, None
        return self._missing(target), None


def _method_of(route: Route) -> str | None:
    if route.methods is None:
        return None
    return "POST" if "POST" in route.methods else route.methods[0]


def _dedupe(flow: Flow) -> None:
    """One edge per (source, target, verb, attribute, method, outcome, position), in a stable order."""
    seen, kept = set(), []
    for edge in flow.edges:
        key = (edge.source, edge.target, edge.verb, edge.attribute, edge.method, edge.outcome, edge.path, edge.line,
               edge.column)
        if key not in seen:
            seen.add(key)
            kept.append(edge)
    flow.edges = sorted(kept, key=lambda e: (e.source, e.path or "", e.line or 0, e.column or 0, e.target or ""))


_DOCUMENT_LABEL = re.compile(r"^[ \t]*<!--\s*(\S+)\s*-->[ \t]*\n", re.M)


def flow_of_documents(documents: dict[str, str] | str, start: str | None = None) -> Flow:
    """A flow of documents given by URL (no app): `{"/ivr/welcome": "<Response>..."}`, or one text
    where each document follows a `<!-- /its/url -->` line (the rules' documentation examples).
    The first document is the start unless `start` says otherwise."""
    if isinstance(documents, str):
        parts = _DOCUMENT_LABEL.split(documents)
        documents = {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}
    builder = StaticFlow([], StaticOptions(start=start))
    builder.static_documents = {url: Path(url) for url in documents}
    for url, text in documents.items():
        node = builder.flow.add_node(Node(url, method="POST", data={"static": True}))
        builder._read_source(node, _Source(text, "", text, _identity))
    builder.flow.start = start or next(iter(documents), None)
    _dedupe(builder.flow)
    return builder.flow


def static_flow(paths: list[str | Path], options: StaticOptions | None = None) -> Flow:
    return StaticFlow([Path(p) for p in paths], options or StaticOptions()).build()


__all__ = ["NO_INPUT", "StaticFlow", "StaticOptions", "builder_verbs", "static_flow"]


def attach_sources(live: Flow, static: Flow) -> None:
    """Give a crawled flow the source positions static discovery knows: each transfer the source
    also shows (same documents, verb and attribute) gets the position of its URL there, and each
    document its route's view or file, so live findings point at source too. A transfer the source
    does not show (a URL built at run time) points at the view or file of the document sending it."""
    by_key: dict[tuple, Edge] = {}
    for edge in static.edges:
        if edge.target is not None and not edge.dynamic and edge.path:
            by_key.setdefault((edge.source, edge.target, edge.verb, edge.attribute), edge)
    for edge in live.edges:
        known = by_key.get((edge.source, edge.target, edge.verb, edge.attribute))
        if known is not None and edge.path is None:
            edge.path, edge.line, edge.column = known.path, known.line, known.column
            edge.end_line, edge.end_column = known.end_line, known.end_column
        sender = static.nodes.get(edge.source)
        if edge.path is None and sender is not None and sender.path and sender.kind != "missing":
            edge.path, edge.line, edge.column = sender.path, sender.line or 1, sender.column or 1
    for node in live.nodes.values():
        known = static.nodes.get(node.id)
        if known is not None and node.path is None and known.kind != "missing":
            node.path, node.line, node.column = known.path, known.line, known.column
        end = node.data.get("silent_end")
        if known is not None and end and not end.get("path") and (known.data.get("silent_end") or {}).get("line"):
            node.data["silent_end"] = {**known.data["silent_end"], **{k: v for k, v in end.items() if k == "request"}}
        if known is not None:  # a live document's FlexML errors, where the source shows the same
            for problem in node.data.get("problems") or ():
                same = next((p for p in known.data.get("problems") or ()
                             if p.get("path") and p.get("code") == problem.get("code")
                             and p.get("message") == problem.get("message")), None)
                if same is not None and not problem.get("path"):
                    problem.update(path=same["path"], line=same["line"], column=same["column"])
