from functools import lru_cache

from ..diagnostics import Severity
from ..parse import Element
from .base import Context, Rule, needing


class DuplicateName(Rule):
    """Two elements share a name that must identify one of them.

    ## What it checks
    Values the schema's `fx:unique` facts make unique in a document: the `name` of the
    `<Stream>`s started by `<Start>` and `<Connect>`. The second and later uses are reported.

    ## Why
    `<Stop>` ends a stream by its name; with two streams of one name, CarrierX cannot tell which one
    is meant, and the second is refused or the wrong one stopped.

    ## Example
    ```xml
    <Response>
      <Start><Stream name="agent" url="wss://media.example.com/a"/></Start>
      <Start><Stream name="agent" url="wss://media.example.com/b"/></Start>
    </Response>
    ```

    ## Use instead
    ```xml
    <Response>
      <Start><Stream name="agent-a" url="wss://media.example.com/a"/></Start>
      <Start><Stream name="agent-b" url="wss://media.example.com/b"/></Start>
    </Response>
    ```
    """

    code = "FX206"
    name = "duplicate-name"
    severity = Severity.ERROR

    def applies_to(self, element_type) -> bool:
        return element_type is not None and element_type in _selected_types(element_type.catalog)

    def prefilter(self, element_type):
        # (Only an element with the unique attribute can be reported; prefilter_document tells
        # whether any is a duplicate.)
        def named(node) -> bool:
            return True
        return needing({unique["attribute"] for uniques in element_type.catalog.uniques.values()
                        for unique in uniques}, named)

    def prefilter_document(self, catalog):
        # Root name -> (the attribute, the selector's paths, the names they end in) of each constraint.
        constraints = {name: [(unique["attribute"], {tuple(path) for path in unique["paths"]},
                               tuple({path[-1] for path in unique["paths"]})) for unique in uniques]
                       for name, uniques in catalog.uniques.items()}

        def duplicated(root) -> bool:
            for attribute, paths, ends in constraints.get(root.tag, ()):
                seen = set()
                for node in root.iter(*ends):  # (one pass in C; the path is checked upwards)
                    value = node.get(attribute)
                    if value is not None and _trail(node) in paths:
                        if value in seen:
                            return True
                        seen.add(value)
            return False
        return duplicated

    def check_element(self, element: Element, ctx: Context) -> None:
        found = _duplicates(ctx).get(element)
        if found is None:
            return
        attribute, first, unique = found
        line = ctx.lines.position(first.start)[0] + 1
        start, end = attribute.value_start, attribute.value_end
        if start < 0:
            start, end = attribute.name_start, attribute.name_end
        ctx.report(self, start, end,
                   f"`{attribute.name}=\"{attribute.value}\"` is already used by the `<{first.name}>` on line {line}: "
                   f"{unique['why']}")


@lru_cache(maxsize=None)
def _selected_types(catalog) -> frozenset:
    """The types of the elements some selector names (followed from the root through the children)."""
    found = set()
    for root_name, uniques in catalog.uniques.items():
        for unique in uniques:
            for path in unique["paths"]:
                element_type = catalog.roots[root_name]
                for step in path:
                    element_type = element_type.child_type(step) if element_type is not None else None
                if element_type is not None:
                    found.add(element_type)
    return frozenset(found)


def _trail(node) -> tuple:
    """The names from the root's child down to a raw lxml element."""
    trail = []
    parent = node.getparent()
    while parent is not None:
        trail.append(node.tag)
        node, parent = parent, parent.getparent()
    return tuple(reversed(trail))


def _duplicates(ctx: Context) -> dict:
    """Each element whose unique value an earlier element has: (its attribute, the earlier element,
    the constraint). Worked out once per document, in one pass over the elements the selectors name
    (exact names, as the selectors write them)."""
    found = ctx.memo.get(DuplicateName.code)
    if found is None:
        found = ctx.memo[DuplicateName.code] = {}
        root = ctx.document.root
        for unique in ctx.catalog.uniques.get(root.name, ()) if root is not None else ():
            first_with: dict[str, Element] = {}
            for element in _selected(root, unique["paths"]):
                attribute = next((a for a in element.attributes if a.name == unique["attribute"]), None)
                if attribute is None or attribute.value is None:
                    continue
                earlier = first_with.setdefault(attribute.value, element)
                if earlier is not element:
                    found[element] = (attribute, earlier, unique)
    return found


def _selected(root: Element, paths: list[list[str]]) -> list[Element]:
    """The elements below `root` that the selector's paths (child steps) name, in document order."""
    ends = {tuple(path) for path in paths}
    prefixes = {tuple(path[:n]) for path in paths for n in range(1, len(path))}
    found = []
    # (A loop over a stack, not a recursive closure: that would be a reference cycle.)
    stack = [(child, (child.name,)) for child in reversed(root.elements)]
    while stack:
        element, trail = stack.pop()
        if trail in ends:
            found.append(element)
        if trail in prefixes:
            stack.extend((child, trail + (child.name,)) for child in reversed(element.elements))
    return found
