"""Relation rules: named, versioned functions over a parsed document.

A rule is a function `fn(ctx) -> Iterator[Found]` registered (`registry.rule`)
under a name like `story.kinship_possessive.v1` with the properties it can
produce and a base confidence. `relations.extract` runs every registered rule
(or a chosen set); the rules themselves live in `credits`, `story` (verbs, kinship nouns),
`nominal` (nouns over chunks), `roles` (occupations, employers, groups) and
`phrases` (prepositional cues, light verbs), and
the facts of a film's metadata in `metadata`.
"""

from __future__ import annotations

from graphbuild.errors import UnknownName
from graphbuild.extract.rules import (  # noqa: F401  (register their rules)
    credits, nominal, phrases, roles, story)
from graphbuild.extract.rules.registry import REGISTRY, Rule


def get_rules(names: list[str] | None = None) -> list[Rule]:
    """The rules to run: all registered, or the named ones (unknown names
    raise an error listing the valid ones)."""
    if not names:
        return [REGISTRY[n] for n in sorted(REGISTRY)]
    for n in names:
        if n not in REGISTRY:
            raise UnknownName("rule", n, list(REGISTRY))
    return [REGISTRY[n] for n in names]
