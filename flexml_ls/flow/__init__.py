"""The call flow: documents (or call-flow modules) and the transfers between them, as one graph.

Dialect-neutral on purpose: FlexML apps (`flexml flow`) and JSON call flows build the same `Flow`,
and every emitter (text, JSON, Mermaid, DOT, HTML) reads only this model. No CLI or LSP imports.
"""
from .model import Edge, Finding, Flow, Node

__all__ = ["Edge", "Finding", "Flow", "Node"]
