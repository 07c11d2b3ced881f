from ..diagnostics import Severity
from ..parse import Element
from .base import Context, Rule


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

    def check_element(self, element: Element, ctx: Context) -> None:
        element_type = ctx.type_of(element)
        if element_type is None:
            return
        present = {element_type.canonical_attribute(a.name) for a in element.attributes}
        used = []
        for fact in element_type.facts_of("credentials"):
            required = fact.get("all", "").split()
            choices = [group.split() for group in fact.get("anyOf", "").split("|") if group.strip()]
            names = set(required) | {n for group in choices for n in group}
            if not names & present:
                continue
            used.append((fact["provider"], next(a for a in element.attributes
                                                if element_type.canonical_attribute(a.name) in names)))
            missing = [n for n in required if n not in present]
            if choices and not any(all(n in present for n in g) for g in choices):
                missing.append(" or ".join("+".join(f"`{n}`" for n in g) if len(g) > 1 else f"`{g[0]}`"
                                           for g in choices))
            if missing:
                shown = ", ".join(m if m.startswith("`") else f"`{m}`" for m in missing)
                ctx.report(self, element.name_start, element.name_end,
                           f"`<{ctx.name_of(element)}>` has incomplete {fact['provider'].upper()} storage "
                           f"credentials: missing {shown}")
        if len(used) > 1:
            second = used[1][1]
            ctx.report(self, second.name_start, second.name_end,
                       f"`<{ctx.name_of(element)}>` names more than one storage provider "
                       f"({', '.join(p.upper() for p, _ in used)}); a recording goes to one store")
