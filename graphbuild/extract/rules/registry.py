"""The rule registry: what a rule reads (`Context`), what it finds
(`Found`), and `rule`, the decorator that registers it under a versioned
name (`story.kinship_possessive.v1`) with the properties it can produce and
a base confidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterator

from graphbuild.extract.resolve import Resolution
from graphbuild.model import Entity, FilmInfo, Parsed, Token, slug


@dataclass
class Found:
    """One fact a rule found, with the tokens that show it."""

    subj: str
    prop: str
    obj: str
    first: int                   # token span of the evidence within the sentence
    last: int
    literal: bool = False
    datatype: str | None = None
    confidence: float | None = None   # overrides the rule's base confidence
    open: bool = False


@dataclass
class Context:
    """What a rule may read: the parsed document, the film, its entities."""

    parsed: Parsed
    res: Resolution
    film: FilmInfo
    extra: dict = field(default_factory=dict)

    @property
    def toks(self) -> list[Token]:
        return self.parsed.tokens

    @property
    def film_key(self) -> str:
        return self.res.film_key

    def ref(self, i: int) -> str | None:
        """Entity named by token i (a name token or a resolved pronoun)."""
        return self.res.ref(self.parsed.doc.doc_id, i)

    def cls(self, key: str | None) -> str | None:
        e = self.res.entities.get(key) if key else None
        return e.cls if e else None

    def kids(self, i: int, *deps: str) -> list[Token]:
        return [t for t in self.parsed.children(i) if not deps or t.dep in deps]

    def entity(self, cls: str, label: str, scoped: bool = False,
               alias: str | None = None) -> str:
        """Key of an entity of `cls` named `label`, creating it if new
        (scoped to this film when `scoped`)."""
        scope = f"{self.film.key}/" if scoped else ""
        key = f"{cls.lower()}/{scope}{slug(label)}"
        e = self.res.entities.get(key)
        if e is None:
            e = self.res.entities[key] = Entity(key, cls, label,
                                                film=self.film.key if scoped else None)
        if alias and alias != e.label:
            e.aliases.add(alias)
        return key

    def name_group(self, i: int) -> list[int]:
        """Token i plus the tokens coordinated with it ('Ted and Joanna')."""
        out = [i]
        for t in self.kids(i, "conj"):
            out.extend(self.name_group(t.i))
        return out


@dataclass(frozen=True)
class Rule:
    name: str
    props: tuple[str, ...]
    confidence: float
    fn: Callable[[Context], Iterator[Found]]
    doc: str = ""


REGISTRY: dict[str, Rule] = {}


def rule(name: str, props: tuple[str, ...], confidence: float):
    """Register a rule function under a versioned name."""

    def wrap(fn: Callable[[Context], Iterator[Found]]):
        if name in REGISTRY:
            raise ValueError(f"rule {name} registered twice")
        REGISTRY[name] = Rule(name, props, confidence, fn, (fn.__doc__ or "").strip())
        return fn

    return wrap
