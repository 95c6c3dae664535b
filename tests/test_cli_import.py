"""`graphbuild import FORMAT SOURCE --out CORPUS_DIR` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from graphbuild.cli import main
from graphbuild.importers import FORMATS


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def reviews(path: Path, n: int) -> Path:
    path.write_text("".join(json.dumps(
        {"split": "test", "label": "pos", "id": i, "rating": 8, "imdb_id": "0079417",
         "text": f"Review {i}."}) + "\n" for i in range(n)), encoding="utf-8")
    return path


def test_import_prints_one_summary_line(tmp_path):
    r = run("import", "aclimdb", reviews(tmp_path / "r.jsonl", 3), "--out", tmp_path / "c")
    assert r.exit_code == 0, r.output
    assert r.stdout == ("aclimdb: 3 documents (3 written, 0 unchanged) for 1 film "
                        "(1 new, 0 joined)\n")
    assert sorted(p.name for p in (tmp_path / "c/tt0079417").iterdir()) == [
        "film.yaml", "review-1.txt", "review-2.txt", "review-3.txt"]


def test_import_again_reports_unchanged_documents_and_joined_film(tmp_path):
    src = reviews(tmp_path / "r.jsonl", 2)
    run("import", "aclimdb", src, "--out", tmp_path / "c")
    r = run("import", "aclimdb", src, "--out", tmp_path / "c")
    assert r.stdout == ("aclimdb: 2 documents (0 written, 2 unchanged) for 1 film "
                        "(0 new, 1 joined)\n")


def test_import_limit_stops_after_n_documents(tmp_path):
    r = run("import", "aclimdb", reviews(tmp_path / "r.jsonl", 5), "--out", tmp_path / "c",
            "--limit", 2)
    assert r.exit_code == 0, r.output
    assert r.stdout == ("aclimdb: 2 documents (2 written, 0 unchanged) for 1 film "
                        "(1 new, 0 joined); stopped at --limit\n")


def test_import_reports_skipped_records_with_reasons(tmp_path):
    (tmp_path / "movies.json").write_text(json.dumps([
        {"title": "A", "year": 2001, "extract": "A is a film."},
        {"title": "B", "year": 2002}, {"title": "C", "year": 2003, "extract": ""}]))
    r = run("import", "wikipedia-json", tmp_path / "movies.json", "--out", tmp_path / "c")
    assert r.stdout == ("wikipedia-json: 1 document (1 written, 0 unchanged) for 1 film "
                        "(1 new, 0 joined); 2 skipped (2 no extract)\n")


def test_unknown_format_is_an_error_listing_the_formats(tmp_path):
    r = run("import", "imdb-xml", tmp_path, "--out", tmp_path / "c")
    assert r.exit_code == 1
    assert r.stdout == ""
    assert r.stderr == ("Error: unknown format 'imdb-xml'; choose one of: "
                        f"{', '.join(sorted(FORMATS))}\n")


def test_missing_source_is_an_error(tmp_path):
    r = run("import", "jekyll", tmp_path / "nope", "--out", tmp_path / "c")
    assert r.exit_code == 1
    assert r.stderr == f"Error: {tmp_path / 'nope'} does not exist; give the dataset's file or folder\n"


def test_out_is_required_and_limit_must_not_be_negative(tmp_path):
    assert run("import", "jekyll", tmp_path).exit_code == 2
    assert run("import", "jekyll", tmp_path, "--out", tmp_path / "c", "--limit", -1).exit_code == 2


def test_help_names_every_format():
    r = run("import", "--help")
    assert r.exit_code == 0
    for name in FORMATS:
        assert name in r.output


def test_a_source_that_gives_no_document_is_an_error(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "reviews.jsonl").write_text('{"text": "Great.", "id": 1}\n',
                                                    encoding="utf-8")
    r = CliRunner().invoke(main, ["import", "aclimdb", str(tmp_path / "src"), "--out",
                                  str(tmp_path / "out")])
    assert r.exit_code == 1
    assert r.output.startswith("Error: ") and "gave no aclimdb document" in r.output


def test_import_help_says_what_source_is_for_each_format():
    from graphbuild.importers import FORMATS

    r = CliRunner().invoke(main, ["import", "--help"])
    import re

    for fmt in FORMATS:
        assert re.search(rf"\n +{re.escape(fmt)} +\S", r.output), fmt
