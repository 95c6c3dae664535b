"""The ontology beside the graph, so a reasoner or a store that loads the
output folder has the classes, properties and their schema.org and Wikidata
mappings (`rdfs:subPropertyOf schema:director`, ...) to infer with."""

from __future__ import annotations

from pathlib import Path

from graphbuild.assemble.files import write_atomic
from graphbuild.rdf.validate import ONTOLOGY_FILE

ONTOLOGY_NAME = "ontology.ttl"


def write_ontology(folder: str | Path) -> bool:
    """Write the film ontology (Turtle) as `ontology.ttl` into `folder`,
    unless the file there already holds it; True when it was written."""
    target = Path(folder) / ONTOLOGY_NAME
    content = ONTOLOGY_FILE.read_text(encoding="utf-8")
    try:
        if target.read_text(encoding="utf-8") == content:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    write_atomic(target, content)
    return True
