"""benchmarks/characters.py: Character nodes listed with their identity
evidence, and the audited share that are not characters of their film."""

from __future__ import annotations

from benchmarks import characters
from graphbuild.model import Decision, Document, Entity, Evidence, FilmInfo, Relation
from graphbuild.outputs.rdf import export
from graphbuild.rdf.mapping import to_graph

FILM = "film/stone-garden-1990"


def _graph(tmp_path):
    info = FilmInfo("Stone Garden", 1990)
    ann = Entity("character/stone-garden-1990/ann-lee", "Character", "Ann Lee", {"Ann"},
                 "stone-garden-1990", decisions=[Decision("stone-garden-1990", "Ann Lee", "Character",
                                                          ["called a being ('wife'): wife Ann"])])
    oahu = Entity("character/stone-garden-1990/oahu", "Character", "Oahu", film="stone-garden-1990")
    ents = {e.key: e for e in (Entity(FILM, "Film", "Stone Garden"), ann, oahu)}
    ev = [Evidence("stone-garden-1990/plot.txt", "Ann flies to Oahu.", 0, 0, 18, "r.v1", 0.9)]
    rels = [Relation(FILM, "hasCharacter", ann.key, ev), Relation(FILM, "hasCharacter", oahu.key, ev)]
    doc = Document("stone-garden-1990/plot.txt", "plot.txt", "plot", "Ann flies to Oahu.", info)
    export(to_graph(ents, rels, [doc]), tmp_path / "graph.nt")
    return tmp_path / "graph.nt"


def test_characters_lists_each_node_with_its_film_names_and_evidence(tmp_path):
    rows = characters.characters(_graph(tmp_path))
    assert [r["key"] for r in rows] == ["character/stone-garden-1990/ann-lee",
                                        "character/stone-garden-1990/oahu"]
    assert rows[0]["film"] == "Stone Garden" and rows[0]["aliases"] == "Ann"
    assert rows[0]["reasons"] == "called a being ('wife'): wife Ann"


def test_audit_counts_judged_nodes_only_and_lists_the_rest(tmp_path, capsys):
    graph = _graph(tmp_path)
    audit = tmp_path / "audit.tsv"
    audit.write_text("# judged by hand\n"
                     "character/stone-garden-1990/oahu\tno\ta place\tOahu\n"
                     "character/stone-garden-1990/ann-lee\tok\t\tAnn\n",   # an old label
                     encoding="utf-8")
    assert characters.main([str(graph), "--audit", str(audit)]) == 0
    out = capsys.readouterr().out
    assert "no\tcharacter/stone-garden-1990/oahu\tOahu\ta place" in out
    assert "unjudged\tcharacter/stone-garden-1990/ann-lee\tAnn Lee" in out
    assert out.rstrip().endswith("2 Character nodes, 1 judged: 1 not characters of their film "
                                 "(100.0%), 0 duplicates of another node (0.0%); 1 not judged yet")


def test_a_duplicate_counts_only_where_the_node_it_duplicates_is_in_the_graph(tmp_path, capsys):
    graph = _graph(tmp_path)
    audit = tmp_path / "audit.tsv"
    audit.write_text("character/stone-garden-1990/ann-lee\tok\t\tAnn Lee\n"
                     "character/stone-garden-1990/oahu\tok\tduplicate of "
                     "character/stone-garden-1990/ann-lee: a nickname\tOahu\n", encoding="utf-8")
    characters.main([str(graph), "--audit", str(audit)])
    assert "1 duplicates of another node (50.0%)" in capsys.readouterr().out
    audit.write_text("character/stone-garden-1990/ann-lee\tok\t\tAnn Lee\n"
                     "character/stone-garden-1990/oahu\tok\tduplicate of "
                     "character/stone-garden-1990/gone: merged since\tOahu\n", encoding="utf-8")
    characters.main([str(graph), "--audit", str(audit)])
    assert "0 duplicates of another node (0.0%)" in capsys.readouterr().out
