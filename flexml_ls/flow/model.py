"""The flow model: nodes, labelled edges, a start, and the graph questions every dialect asks.

A node is a place the call can be: a FlexML document (its URL and method) or a call-flow module
(its key). An edge is one way the call moves on, labelled with what sends it (verb and attribute,
or the module's field), the outcome that takes it (digits pressed, no input, dial status...) and
whether its target is only known at run time (`dynamic`: drawn dashed, never an error).
Positions (`path`, `line`, `column`, 1-based) point at the source that sends the call, where known.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Node:
    id: str                       # a URL (FlexML) or a module key (call flows); unique in its flow
    kind: str = "document"        # "document", "module", "missing" (an edge's target nothing serves)
    label: str = ""               # what a picture shows; the id when empty
    method: str | None = None     # HTTP method a document is requested with
    path: str | None = None       # the file that serves it, where known
    line: int | None = None
    column: int | None = None
    terminal: bool = False        # the call may end here (hang-up, reject, a terminal module)
    collects_input: bool = False  # a verb or module here waits for the caller (digits, speech, a recording)
    data: dict = field(default_factory=dict)  # dialect-specific facts (module type, route name...)


@dataclass
class Edge:
    source: str                   # a node id
    target: str | None            # a node id; None when `dynamic` and nothing is known of it
    verb: str = ""                # `Gather`, `Redirect`, or a module type
    attribute: str = ""           # `action`, `errorAction`, text; or the module's field (`next.1`)
    method: str | None = None
    outcome: str = ""             # "digits 1", "no input", "dial completed", "error", "" (always)
    dynamic: bool = False
    path: str | None = None
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    data: dict = field(default_factory=dict)  # dialect-specific facts (the method a route refuses...)


@dataclass
class Finding:
    code: str
    severity: str                 # "error", "warning", "info" (diagnostics.Severity values)
    message: str
    url: str                      # the node it is about (FlexML: a URL; call flows: a module key)
    source: str | None = None     # `from`: the node whose edge is involved
    path: str | None = None
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    data: dict = field(default_factory=dict)  # details (FX503: the document's FlexML errors)


@dataclass
class Flow:
    start: str | None = None
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    dialect: str = "flexml"       # "flexml" or "callflow"
    data: dict = field(default_factory=dict)  # how it was made (`truncated`: why a crawl stopped early)

    def add_node(self, node: Node) -> Node:
        """Add `node`, or return the one already known by its id (a "missing" one is replaced)."""
        known = self.nodes.get(node.id)
        if known is None or (known.kind == "missing" and node.kind != "missing"):
            self.nodes[node.id] = node
            return node
        return known

    def add_edge(self, edge: Edge) -> Edge:
        self.edges.append(edge)
        return edge

    def successors(self, node_id: str) -> list[Edge]:
        return [edge for edge in self.edges if edge.source == node_id]

    def _adjacency(self) -> dict[str, list[str]]:
        adjacency: dict[str, list[str]] = {node_id: [] for node_id in self.nodes}
        for edge in self.edges:
            # (a callback, such as a status callback, is a request on the side: the call stays put)
            if edge.target is not None and edge.target in adjacency and not edge.data.get("callback"):
                adjacency.setdefault(edge.source, []).append(edge.target)
        return adjacency

    def reachable(self, start: str | None = None) -> set[str]:
        """Every node id some path from the start (or `start`) reaches, the start included."""
        start = self.start if start is None else start
        if start is None or start not in self.nodes:
            return set()
        adjacency = self._adjacency()
        seen, stack = {start}, [start]
        while stack:
            for target in adjacency.get(stack.pop(), ()):
                if target not in seen:
                    seen.add(target)
                    stack.append(target)
        return seen

    def around(self, focus: str, depth: int) -> Flow:
        """The part of the flow within `depth` transfers of `focus`, either way (what sends the call
        there and where it goes next), with the edges between those nodes and the findings about
        them: a picture of one corner of a flow too big to draw whole."""
        neighbours: dict[str, set[str]] = {}
        for edge in self.edges:
            if edge.target is not None:
                neighbours.setdefault(edge.source, set()).add(edge.target)
                neighbours.setdefault(edge.target, set()).add(edge.source)
        kept, frontier = {focus}, {focus}
        for _ in range(depth):
            frontier = {n for node in frontier for n in neighbours.get(node, ())} - kept
            kept |= frontier
        part = Flow(self.start, {k: v for k, v in self.nodes.items() if k in kept},
                    [e for e in self.edges if e.source in kept and (e.target is None or e.target in kept)],
                    [f for f in self.findings if f.url in kept],
                    self.dialect, {**self.data, "focus": focus, "depth": depth})
        return part

    def cycles(self) -> list[list[str]]:
        """The graph's cycles as strongly connected components (Tarjan's algorithm, iterative, so
        linear and free of recursion limits): each a list of node ids in a deterministic order, the
        components of one node kept only when that node sends the call to itself."""
        adjacency = self._adjacency()
        index: dict[str, int] = {}
        low: dict[str, int] = {}
        on_stack: set[str] = set()
        stack: list[str] = []
        components: list[list[str]] = []
        counter = 0
        for root in sorted(adjacency):
            if root in index:
                continue
            work = [(root, iter(adjacency[root]))]
            index[root] = low[root] = counter
            counter += 1
            stack.append(root)
            on_stack.add(root)
            while work:
                node, targets = work[-1]
                advanced = False
                for target in targets:
                    if target not in index:
                        index[target] = low[target] = counter
                        counter += 1
                        stack.append(target)
                        on_stack.add(target)
                        work.append((target, iter(adjacency.get(target, ()))))
                        advanced = True
                        break
                    if target in on_stack:
                        low[node] = min(low[node], index[target])
                if advanced:
                    continue
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1 or node in adjacency.get(node, ()):
                        components.append(sorted(component))
        return sorted(components)

    def cycles_without_input(self) -> list[list[str]]:
        """Cycles in which no node collects input: once the call enters one, it can never leave."""
        return [cycle for cycle in self.cycles() if not any(self.nodes[n].collects_input for n in cycle)]
