from functools import lru_cache

from ..diagnostics import Severity
from ..parse import Element
from .base import Context, Rule, by_attribute_names


class StorageCredentials(Rule):
    """An incomplete set of cloud-storage credentials, or two storage providers at once.

    ## What it checks
    `<Record>` can upload to one external store. AWS needs `awsAccessKey`, `awsBucketName` and
    `awsSecretKey`; Google Cloud needs `gcpBucketName`, `gcpProject` and either `gcpAccessToken` or
    all of `gcpRefreshToken`, `gcpClientId`, `gcpClientSecret`; Azure needs `azureAccountName`,
    `azureContainerName` and either `azureAccountKey` or `azureSasToken`.

    ## Why
    With part of a credential set the upload fails after the call, and the recording is lost to
    the author's bucket; with two providers only one is used.

    ## Example
    ```xml
    <Response>
      <Record awsBucketName="calls" awsAccessKey="AKIAEXAMPLE"/>
    </Response>
    ```

    ## Use instead
    ```xml
    <Response>
      <Record awsBucketName="calls" awsAccessKey="AKIAEXAMPLE" awsSecretKey="s3cr3t"/>
    </Response>
    ```
    """

    code = "FX304"
    name = "storage-credentials"
    severity = Severity.ERROR
    fact = "credentials"

    def prefilter(self, element_type):
        providers = _providers_of(element_type)

        def wrong(names: tuple) -> bool:
            used = providers.used(set(names))
            return len(used) > 1 or any(missing for _, _, missing in used)
        return by_attribute_names(providers.names, wrong)

    def check_element(self, element: Element, ctx: Context) -> None:
        element_type = ctx.type_of(element)
        if element_type is None:
            return
        present = {element_type.canonical_attribute(a.name) for a in element.attributes}
        used = _providers_of(element_type).used(present)
        for fact, _, missing in used:
            if missing:
                ctx.report(self, element.name_start, element.name_end,
                           f"`<{ctx.name_of(element)}>` has incomplete {fact['provider'].upper()} storage "
                           f"credentials: missing {', '.join(missing)}")
        if len(used) > 1:
            _, names, _ = used[1]
            second = next(a for a in element.attributes if element_type.canonical_attribute(a.name) in names)
            ctx.report(self, second.name_start, second.name_end,
                       f"`<{ctx.name_of(element)}>` names more than one storage provider "
                       f"({', '.join(fact['provider'].upper() for fact, _, _ in used)}); a recording goes to one store")


class Providers:
    """The storage providers of one element type, as its `fx:credentials` facts describe them."""

    def __init__(self, facts: list[dict]):
        self.providers = []
        for fact in facts:
            required = tuple(fact.get("all", "").split())
            choices = tuple(tuple(group.split()) for group in fact.get("anyOf", "").split("|") if group.strip())
            self.providers.append((fact, required, choices, frozenset(required).union(*choices)))
        self.names = frozenset().union(*(names for *_, names in self.providers))

    def used(self, present: set) -> list[tuple[dict, frozenset, list[str]]]:
        """Each provider some of whose attributes are present: (its fact, its attribute names, what it
        misses, each as `name` or as alternatives `a or b+c`)."""
        used = []
        for fact, required, choices, names in self.providers:
            if names.isdisjoint(present):
                continue
            missing = [f"`{n}`" for n in required if n not in present]
            if choices and not any(all(n in present for n in group) for group in choices):
                missing.append(" or ".join("+".join(f"`{n}`" for n in group) if len(group) > 1 else f"`{group[0]}`"
                                           for group in choices))
            used.append((fact, names, missing))
        return used


@lru_cache(maxsize=None)
def _providers_of(element_type) -> Providers:
    """The type's storage providers, made once (its facts do not change)."""
    return Providers(element_type.facts_of("credentials"))
