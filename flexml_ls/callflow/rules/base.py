"""What the JSON rules share. A JSON rule belongs to a dialect, `callflow` (FX6xx: yay.com call flows)
or `request` (FX7xx: CarrierX and Exotel call requests): the engine runs it only on documents of that
dialect, and never runs FlexML's rules on JSON. Most report one kind of the schema's problems
(callflow.validate); graph rules read the call flows as the shared flow model (callflow.graph)."""
from __future__ import annotations

from ...rules.base import Rule


class JsonRule(Rule):
    dialect = "callflow"
    problem: str | None = None   # the kind of schema problem (callflow.validate.Problem.kind) it reports

    def check_json(self, ctx) -> None:
        """Called once per document of the rule's dialect."""
        for problem in ctx.problems:
            if problem.kind == self.problem:
                ctx.report(self, problem.start, problem.end, problem.message, problem.fix)
