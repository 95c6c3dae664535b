"""film.yaml: read, merge without losing values, and write deterministically."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from graphbuild.assemble.files import write_atomic
from graphbuild.errors import CorpusError
from graphbuild.read.corpus import safe_yaml

FILM_YAML = "film.yaml"
LIST_FIELDS = ("directors", "writers", "producers", "composers", "companies",
               "cast", "genres", "countries")
_HEAD = ("title", "year", "imdb_id", "kind")
# libyaml when installed (about 10x faster); same output as the pure-Python one.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def placeholder_title(meta: dict[str, Any]) -> bool:
    """True when the title only stands in for an unknown one (the IMDb id)."""
    return not meta.get("title") or meta.get("title") == meta.get("imdb_id")


def merge(meta: dict[str, Any], fields: dict[str, Any],
          sources: list[dict[str, Any]] = ()) -> None:
    """Merge `fields` into film.yaml data `meta` without losing its values.

    Scalars are set only when absent (a placeholder title is replaced),
    lists become sorted unions, `characters` keeps existing actors' roles,
    and a `sources` entry for the same document is replaced.
    """
    if fields.get("title") and placeholder_title(meta):
        meta["title"] = fields["title"]
    for k, v in fields.items():
        if k in ("title", "sources") or v is None or v == [] or v == {} or v == "":
            continue
        if k in LIST_FIELDS:
            meta[k] = sorted(set(meta.get(k) or []) | set(v))
        elif k == "characters":
            chars = dict(v)
            chars.update(meta.get("characters") or {})
            meta[k] = dict(sorted(chars.items()))
        elif meta.get(k) in (None, ""):
            meta[k] = v
    if not meta.get("title"):
        meta["title"] = fields.get("imdb_id")
    if sources:
        docs = {e["document"] for e in sources}
        kept = [s for s in meta.get("sources") or [] if s.get("document") not in docs]
        meta["sources"] = sorted(kept + list(sources), key=lambda s: natural(s["document"]))


def natural(name: str) -> tuple:
    """Sort key putting review-2.txt before review-10.txt."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name))


def dump(meta: dict[str, Any]) -> str:
    """film.yaml text: identity first, then fields sorted, sources last."""
    ordered = {k: meta[k] for k in _HEAD if k in meta}
    ordered.update({k: meta[k] for k in sorted(meta) if k not in _HEAD and k != "sources"})
    if "sources" in meta:
        ordered["sources"] = meta["sources"]
    return yaml.dump(ordered, Dumper=_DUMPER, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=1000)


def read(path: Path) -> dict[str, Any]:
    """film.yaml data, {} when the file is absent."""
    if not path.exists():
        return {}
    try:
        data = safe_yaml(path.read_text(encoding="utf-8"), loader=_LOADER)
    except ValueError as e:
        raise CorpusError(f"{path} is not usable YAML ({e}); fix or delete it") from e
    return data if isinstance(data, dict) else {}


def write(path: Path, meta: dict[str, Any]) -> None:
    """Write film.yaml when its text changed, through a rename."""
    text = dump(meta)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    write_atomic(path, text)
