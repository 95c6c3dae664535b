"""Dataset importers: real samples from ../shared/datasets, hand-made edge cases."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from graphbuild.errors import CorpusError, UnknownName
from graphbuild.importers import FORMATS, INDEX_NAME, import_dataset
from graphbuild.importers.jekyll import split_front_matter
from graphbuild.importers.records import parse_imdb_id, parse_year, split_names


def film_yaml(folder: Path) -> dict:
    return yaml.safe_load((folder / "film.yaml").read_text(encoding="utf-8"))


def tree(root: Path) -> dict[str, str]:
    """Every file under root (relative path -> text), to compare two imports."""
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*")) if p.is_file()}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def datasets(shared_dir: Path) -> Path:
    d = shared_dir / "datasets"
    if not d.is_dir():
        pytest.skip("../shared/datasets is absent")
    return d


def slice_of(src: Path, dst: Path, names: list[str]) -> Path:
    """Copy some files of a real dataset folder (keeping relative paths)."""
    for n in names:
        write(dst / n, "")  # make parents
        shutil.copyfile(src / n, dst / n)
    return dst


# -- helpers ----------------------------------------------------------------

def test_imdb_ids_are_tt_plus_seven_or_more_digits():
    assert parse_imdb_id("0079417") == "tt0079417"
    assert parse_imdb_id("79417") == "tt0079417"
    assert parse_imdb_id("10380814") == "tt10380814"
    assert parse_imdb_id("http://www.imdb.com/title/tt0100873/reviews-1") == "tt0100873"
    assert parse_imdb_id("N/A") is None
    assert parse_imdb_id("not an id") is None


def test_years_come_from_dates_and_placeholders_are_none():
    assert parse_year("1979-12-19") == 1979
    assert parse_year(2009) == 2009
    assert parse_year("N/A") is None
    assert parse_year("") is None


def test_names_split_on_commas_and_and_with_unknown_dropped():
    assert split_names("Ron Clements and John Musker") == ["Ron Clements", "John Musker"]
    assert split_names("Sid Caesar, Vera Miles,Barry Gordon") == [
        "Sid Caesar", "Vera Miles", "Barry Gordon"]
    assert split_names("Unknown") == []


def test_front_matter_that_breaks_yaml_is_read_line_by_line():
    fm, body = split_front_matter(
        "---\nmovie title: 2001: A Space Odyssey\nrating: 4\n---\nBody text.\n")
    assert fm["movie title"] == "2001: A Space Odyssey"
    assert body == "Body text.\n"


def test_unknown_format_lists_the_valid_ones(tmp_path):
    with pytest.raises(UnknownName) as e:
        import_dataset("imdb-xml", tmp_path, tmp_path / "out")
    for name in FORMATS:
        assert name in str(e.value)


def test_missing_source_is_a_corpus_error(tmp_path):
    with pytest.raises(CorpusError, match="does not exist"):
        import_dataset("jekyll", tmp_path / "nope", tmp_path / "out")


# -- real samples -----------------------------------------------------------

def test_jekyll_bongnetflix_post_gives_identity_credits_and_kind(datasets, tmp_path):
    src = slice_of(datasets / "bongnetflix", tmp_path / "bongnetflix",
                   ["_posts/2020-01-01-0079417.md", "_posts/2020-01-01-7758552.md",
                    "_posts/2020-01-01-10380814.md"])
    report = import_dataset("jekyll", src, tmp_path / "corpus")
    kvk = tmp_path / "corpus" / "kramer-vs-kramer-1979"
    meta = film_yaml(kvk)
    assert meta["title"] == "Kramer vs. Kramer"
    assert meta["year"] == 1979 and meta["imdb_id"] == "tt0079417"
    assert meta["directors"] == ["Robert Benton"]
    assert "Meryl Streep" in meta["cast"] and meta["genres"] == ["Drama"]
    assert meta["rating"] == 7.8 and meta["votes"] == 128983
    # copied as is, front matter and all
    assert (kvk / "post.md").read_bytes() == (
        datasets / "bongnetflix/_posts/2020-01-01-0079417.md").read_bytes()
    # a TV series whose description holds "---" and whose YAML does not parse
    tv = film_yaml(tmp_path / "corpus" / "harvey-girls-forever-2018")
    assert tv["kind"] == "tv" and tv["imdb_id"] == "tt7758552"
    assert "directors" not in tv  # "Director: `N/A`"
    # a post that is N/A throughout has nothing to import
    assert report.skipped == {"no title in front matter": 1}
    assert report.documents == 2 and report.new_films == 2


def test_jekyll_filmsfolded_comment_decodes_title_entities(datasets, tmp_path):
    src = slice_of(datasets / "filmsfolded", tmp_path / "filmsfolded",
                   ["_posts/2000-03-14-Vincent--amp--Theo.md"])
    import_dataset("jekyll", src, tmp_path / "corpus")
    folder = tmp_path / "corpus" / "vincent-theo"
    assert film_yaml(folder)["title"] == "Vincent & Theo"
    assert film_yaml(folder)["imdb_id"] == "tt0100873"
    comment = (folder / "comment.md").read_text(encoding="utf-8")
    assert "movie title: Vincent &amp; Theo" in comment  # text kept for the normalizer


def test_aclimdb_jsonl_reviews_join_the_post_of_their_film(datasets, tmp_path):
    posts = slice_of(datasets / "bongnetflix", tmp_path / "bongnetflix",
                     ["_posts/2020-01-01-0079417.md"])
    import_dataset("jekyll", posts, tmp_path / "corpus")
    # split on "\n" only: texts hold U+0085 and U+2028, which splitlines() breaks on
    lines = [ln for ln in (datasets / "aclimdb/reviews_bongnetflix_overlap.jsonl")
             .read_text(encoding="utf-8").split("\n")
             if ln and json.loads(ln)["imdb_id"] == "0079417"]
    assert len(lines) >= 2
    write(tmp_path / "kvk.jsonl", "\n".join(lines) + "\n")
    report = import_dataset("aclimdb", tmp_path / "kvk.jsonl", tmp_path / "corpus")
    folder = tmp_path / "corpus" / "kramer-vs-kramer-1979"
    assert report.joined == 1 and report.new_films == 0
    first = json.loads(lines[0])
    assert (folder / "review-1.txt").read_text(encoding="utf-8") == first["text"]
    sources = {s["document"]: s["source"] for s in film_yaml(folder)["sources"]}
    assert sources["review-1.txt"] == (
        f"aclImdb/{first['split']}/{first['label']}/{first['id']}_{first['rating']}.txt")
    assert {p.name for p in folder.iterdir() if p.name.startswith("review")} == {
        f"review-{n}.txt" for n in range(1, len(lines) + 1)}


def test_wikipedia_json_writes_lead_cast_and_genres(datasets, tmp_path):
    films = json.loads((datasets / "wikipedia-movie-data/movies-1970s.json")
                       .read_text(encoding="utf-8"))
    kvk = [f for f in films if f["title"] == "Kramer vs. Kramer"]
    no_extract = [f for f in films if not f.get("extract")][:1]
    write(tmp_path / "wmd/movies-1970s.json", json.dumps(kvk + no_extract))
    report = import_dataset("wikipedia-json", tmp_path / "wmd", tmp_path / "corpus")
    folder = tmp_path / "corpus" / "kramer-vs-kramer-1979"
    meta = film_yaml(folder)
    assert meta["genres"] == ["Drama", "Legal"]
    assert meta["cast"] == sorted(kvk[0]["cast"])
    assert meta["sources"][0]["url"] == "https://en.wikipedia.org/wiki/Kramer_vs._Kramer"
    assert (folder / "wikipedia.txt").read_text(encoding="utf-8").startswith(
        "Kramer vs. Kramer is a 1979 American legal drama film")
    assert report.skipped == {"no extract": 1}


def test_two_films_with_one_title_and_year_stay_apart_by_wikipedia_page(datasets, tmp_path):
    films = json.loads((datasets / "wikipedia-movie-data/movies-1910s.json")
                       .read_text(encoding="utf-8"))
    carmens = [f for f in films if f["title"] == "Carmen" and f["year"] == 1915]
    assert len({f["href"] for f in carmens}) == 2  # DeMille's and Walsh's
    write(tmp_path / "movies-1910s.json", json.dumps(carmens))
    for _ in range(2):
        report = import_dataset("wikipedia-json", tmp_path / "movies-1910s.json",
                                tmp_path / "corpus")
    assert report.films == 2 and report.unchanged == 2
    urls = {film_yaml(tmp_path / "corpus" / d)["sources"][0]["url"]
            for d in ("carmen-1915", "carmen-1915--2")}
    assert urls == {"https://en.wikipedia.org/wiki/" + f["href"] for f in carmens}


def test_wiki_plots_sample_with_only_title_and_plot(datasets, tmp_path):
    report = import_dataset("wiki-plots-csv", datasets / "wiki-movie-plots-sample/subset.csv",
                            tmp_path / "corpus", limit=3)
    assert report.documents == 3 and report.limit_reached
    folder = tmp_path / "corpus" / "the-spirit-is-willing"
    assert film_yaml(folder)["title"] == "The Spirit Is Willing"
    assert "year" not in film_yaml(folder)
    assert (folder / "plot.txt").read_text(encoding="utf-8").startswith(
        "Ben (Sid Caesar) and Kate Powell (Vera Miles)")


def test_tripod_synopsis_with_cast_table(datasets, tmp_path):
    report = import_dataset("tripod", datasets / "tripod", tmp_path / "corpus")
    assert report.documents == 94  # 138 rows, 94 films
    assert report.skipped == {"repeated annotation of a synopsis": 44}
    meta = film_yaml(tmp_path / "corpus" / "17-again-2009")
    assert meta["title"] == "17 Again"  # "17 Again (film)"
    assert meta["rating"] == 6.4
    assert meta["characters"]["Zac Efron"] == "Mike O'Donnell"
    assert "Matthew Perry" in meta["cast"]
    assert {"Comedy", "Drama", "Fantasy", "Romance"} <= set(meta["genres"])
    # "48 Hrs" in the CSV, "48 Hrs." folder of cast data; "(2011 film)" gives no title part
    assert film_yaml(tmp_path / "corpus" / "48-hrs-1982")["cast"]
    assert film_yaml(tmp_path / "corpus" / "drive-2011")["title"] == "Drive"


def test_cmu_sample_one_file_per_summary_with_genre_labels(datasets, tmp_path):
    src = datasets / "cmu-movie-summaries-sample"
    report = import_dataset("cmu", src, tmp_path / "corpus")
    assert report.documents == 210  # files/Test/*.txt are named by genre, not title
    folder = tmp_path / "corpus" / "young-sherlock-holmes"
    assert film_yaml(folder)["genres"] == ["Action", "Comedy", "Drama", "Mystery", "Thriller"]
    assert (folder / "summary.txt").read_bytes() == (
        src / "files/Young_Sherlock_Holmes.txt").read_bytes()


# -- hand-made layouts and edge cases ----------------------------------------

def test_aclimdb_original_tree_takes_imdb_ids_from_url_lines(tmp_path):
    root = tmp_path / "aclImdb"
    write(root / "train/urls_pos.txt", "http://www.imdb.com/title/tt0453418/usercomments\n"
          "http://www.imdb.com/title/tt0079417/usercomments\n")
    write(root / "train/urls_neg.txt", "http://www.imdb.com/title/tt0064354/usercomments\n")
    write(root / "train/pos/1_9.txt", "Great.<br /><br />Really.")
    write(root / "train/pos/0_10.txt", "Loved it.")
    write(root / "train/neg/0_2.txt", "Awful.")
    write(root / "train/neg/7_1.txt", "No url line for me.")
    report = import_dataset("aclimdb", tmp_path, tmp_path / "corpus")
    corpus = tmp_path / "corpus"
    assert (corpus / "tt0079417/review-1.txt").read_text() == "Great.<br /><br />Really."
    assert (corpus / "tt0453418/review-1.txt").read_text() == "Loved it."
    assert (corpus / "tt0064354/review-1.txt").read_text() == "Awful."
    # no title is known: the IMDb id stands in until a titled source joins
    assert film_yaml(corpus / "tt0079417") == {
        "title": "tt0079417", "imdb_id": "tt0079417",
        "sources": [{"document": "review-1.txt", "source": "aclImdb/train/pos/1_9.txt",
                     "licence": film_yaml(corpus / "tt0079417")["sources"][0]["licence"]}]}
    assert report.skipped == {"no IMDb id for the review": 1}


def test_titled_source_renames_folder_named_by_imdb_id(tmp_path):
    write(tmp_path / "r.jsonl", json.dumps({"split": "test", "label": "pos", "id": 5,
                                            "rating": 9, "imdb_id": "0079417",
                                            "text": "A fine film."}) + "\n")
    import_dataset("aclimdb", tmp_path / "r.jsonl", tmp_path / "corpus")
    write(tmp_path / "site/_posts/2020-01-01-0079417.md",
          '---\ntitle: "Kramer vs. Kramer"\nyear: 1979\nimdb_id: 0079417\n---\nTed.\n')
    report = import_dataset("jekyll", tmp_path / "site", tmp_path / "corpus")
    assert report.renamed == 1 and report.joined == 1
    folder = tmp_path / "corpus" / "kramer-vs-kramer-1979"
    assert sorted(p.name for p in folder.iterdir()) == ["film.yaml", "post.md", "review-1.txt"]
    assert film_yaml(folder)["title"] == "Kramer vs. Kramer"
    assert not (tmp_path / "corpus" / "tt0079417").exists()
    index = json.loads((tmp_path / "corpus" / INDEX_NAME).read_text())
    assert index["documents"]["aclImdb/test/pos/5_9.txt"] == "kramer-vs-kramer-1979/review-1.txt"


WMP_HEADER = "Release Year,Title,Origin/Ethnicity,Director,Cast,Genre,Wiki Page,Plot\n"


def test_wiki_plots_full_columns_drop_unknown_values(tmp_path):
    write(tmp_path / "wmp.csv", WMP_HEADER +
          '1979,Kramer vs. Kramer,American,Robert Benton,"Dustin Hoffman, Meryl Streep",'
          'drama,https://en.wikipedia.org/wiki/Kramer_vs._Kramer,"Ted Kramer is..."\n'
          '1913,Some Lost Film,American,Unknown,unknown,unknown,,"A plot."\n'
          '1914,Plotless,American,Unknown,,,,\n')
    report = import_dataset("wiki-plots-csv", tmp_path / "wmp.csv", tmp_path / "corpus")
    kvk = film_yaml(tmp_path / "corpus/kramer-vs-kramer-1979")
    assert kvk["directors"] == ["Robert Benton"]
    assert kvk["cast"] == ["Dustin Hoffman", "Meryl Streep"]
    assert kvk["genres"] == ["Drama"]
    assert kvk["sources"][0]["url"] == "https://en.wikipedia.org/wiki/Kramer_vs._Kramer"
    lost = film_yaml(tmp_path / "corpus/some-lost-film-1913")
    assert set(lost) == {"title", "year", "sources"}
    assert report.skipped == {"no plot": 1}


def test_wiki_plots_without_title_column_is_an_error(tmp_path):
    write(tmp_path / "bad.csv", "name,plot\nX,Y\n")
    with pytest.raises(CorpusError, match="needs Title and Plot columns"):
        import_dataset("wiki-plots-csv", tmp_path / "bad.csv", tmp_path / "corpus")


def test_join_by_imdb_id_across_formats_merges_film_yaml(tmp_path):
    write(tmp_path / "site/_posts/a.md",
          '---\ntitle: "Kramer vs. Kramer"\nyear: 1979\nimdb_id: 0079417\n'
          'genres: [Drama]\n---\nDirector: `Robert Benton`\n\nCast: `Meryl Streep`\n\nTed.\n')
    write(tmp_path / "comments/_posts/b.md",
          "---\nmovie title: Kramer vs Kramer\nmovie imdb link: "
          "http://www.imdb.com/title/tt0079417/\nlayout: comment\n---\nGood.\n")
    import_dataset("jekyll", tmp_path / "site", tmp_path / "corpus")
    report = import_dataset("jekyll", tmp_path / "comments", tmp_path / "corpus")
    assert report.joined == 1 and report.new_films == 0
    folder = tmp_path / "corpus/kramer-vs-kramer-1979"
    assert sorted(p.name for p in folder.iterdir()) == ["comment.md", "film.yaml", "post.md"]
    meta = film_yaml(folder)
    assert meta["title"] == "Kramer vs. Kramer"  # the first title is kept
    assert meta["directors"] == ["Robert Benton"] and meta["cast"] == ["Meryl Streep"]
    assert [s["document"] for s in meta["sources"]] == ["comment.md", "post.md"]


def test_join_by_title_and_year_unions_lists_and_keeps_values(tmp_path):
    write(tmp_path / "movies-1970s.json", json.dumps([
        {"title": "Kramer vs. Kramer", "year": 1979, "cast": ["Meryl Streep", "Dustin Hoffman"],
         "genres": ["Legal"], "extract": "Kramer vs. Kramer is a 1979 film."}]))
    write(tmp_path / "wmp.csv", WMP_HEADER +
          '1979,Kramer Vs. Kramer,American,Robert Benton,"Justin Henry, Meryl Streep",'
          'drama,,"Ted Kramer is..."\n'
          '1980,Kramer vs. Kramer,American,,,,,"Another year, another film."\n')
    import_dataset("wikipedia-json", tmp_path / "movies-1970s.json", tmp_path / "corpus")
    report = import_dataset("wiki-plots-csv", tmp_path / "wmp.csv", tmp_path / "corpus")
    assert report.joined == 1 and report.new_films == 1
    meta = film_yaml(tmp_path / "corpus/kramer-vs-kramer-1979")
    assert meta["title"] == "Kramer vs. Kramer"
    assert meta["cast"] == ["Dustin Hoffman", "Justin Henry", "Meryl Streep"]
    assert meta["genres"] == ["Drama", "Legal"]
    assert (tmp_path / "corpus/kramer-vs-kramer-1980/plot.txt").exists()


def test_join_by_wikipedia_page_across_formats_despite_other_title(tmp_path):
    write(tmp_path / "movies.json", json.dumps([
        {"title": "Kramer vs. Kramer", "year": 1979, "href": "Kramer_vs._Kramer",
         "extract": "Kramer vs. Kramer is a 1979 film."}]))
    write(tmp_path / "wmp.csv", WMP_HEADER +
          '1980,Kramer versus Kramer,American,,,,https://en.wikipedia.org/wiki/Kramer_vs._Kramer,'
          '"Ted Kramer is..."\n')
    import_dataset("wikipedia-json", tmp_path / "movies.json", tmp_path / "corpus")
    report = import_dataset("wiki-plots-csv", tmp_path / "wmp.csv", tmp_path / "corpus")
    assert report.joined == 1
    folder = tmp_path / "corpus/kramer-vs-kramer-1979"
    assert sorted(p.name for p in folder.iterdir()) == ["film.yaml", "plot.txt", "wikipedia.txt"]
    assert film_yaml(folder)["year"] == 1979  # the first year is kept


def test_same_title_and_year_with_other_imdb_id_is_another_film(tmp_path):
    for n, imdb in enumerate(["0000001", "0000002"]):
        write(tmp_path / f"site/_posts/{n}.md",
              f'---\ntitle: "Twin"\nyear: 2000\nimdb_id: {imdb}\n---\nText {n}.\n')
    import_dataset("jekyll", tmp_path / "site", tmp_path / "corpus")
    assert film_yaml(tmp_path / "corpus/twin-2000")["imdb_id"] == "tt0000001"
    assert film_yaml(tmp_path / "corpus/twin-2000--2")["imdb_id"] == "tt0000002"


def test_reimport_is_idempotent_and_deterministic(tmp_path):
    write(tmp_path / "site/_posts/a.md",
          '---\ntitle: "Kramer vs. Kramer"\nyear: 1979\nimdb_id: 0079417\n---\nTed.\n')
    write(tmp_path / "r.jsonl", "".join(json.dumps(
        {"split": "test", "label": "pos", "id": i, "rating": 8, "imdb_id": "0079417",
         "text": f"Review {i}."}) + "\n" for i in range(3)))
    for out in ("one", "two"):
        import_dataset("jekyll", tmp_path / "site", tmp_path / out)
        import_dataset("aclimdb", tmp_path / "r.jsonl", tmp_path / out)
    first = tree(tmp_path / "one")
    again = import_dataset("aclimdb", tmp_path / "r.jsonl", tmp_path / "one")
    assert again.documents == 0 and again.unchanged == 3 and again.new_films == 0
    assert tree(tmp_path / "one") == first == tree(tmp_path / "two")
    assert len([k for k in first if "review-" in k]) == 3


def test_crlf_post_is_copied_byte_for_byte_and_unchanged_on_reimport(tmp_path):
    raw = b'---\r\ntitle: "Film"\r\nyear: 2001\r\n---\r\nLine one.\r\nLine two.\r'
    (tmp_path / "site/_posts").mkdir(parents=True)
    (tmp_path / "site/_posts/a.md").write_bytes(raw)
    import_dataset("jekyll", tmp_path / "site", tmp_path / "corpus")
    assert (tmp_path / "corpus/film-2001/post.md").read_bytes() == raw
    again = import_dataset("jekyll", tmp_path / "site", tmp_path / "corpus")
    assert again.documents == 0 and again.unchanged == 1


def test_changed_source_text_rewrites_its_own_file(tmp_path):
    post = write(tmp_path / "site/_posts/a.md", '---\ntitle: "Film"\nyear: 2001\n---\nOld.\n')
    import_dataset("jekyll", tmp_path / "site", tmp_path / "corpus")
    post.write_text('---\ntitle: "Film"\nyear: 2001\n---\nNew.\n', encoding="utf-8")
    report = import_dataset("jekyll", tmp_path / "site", tmp_path / "corpus")
    assert report.documents == 1
    folder = tmp_path / "corpus/film-2001"
    assert sorted(p.name for p in folder.iterdir()) == ["film.yaml", "post.md"]
    assert (folder / "post.md").read_text().endswith("New.\n")


def test_id_and_title_folders_of_one_film_are_merged_whatever_the_order(tmp_path):
    write(tmp_path / "movies.json", json.dumps(
        [{"title": "Kramer vs. Kramer", "year": 1979, "extract": "A 1979 film."}]))
    write(tmp_path / "r.jsonl", json.dumps({"split": "test", "label": "pos", "id": 5,
                                            "rating": 9, "imdb_id": "0079417",
                                            "text": "A fine film."}) + "\n")
    write(tmp_path / "site/_posts/a.md",
          '---\ntitle: "Kramer vs. Kramer"\nyear: 1979\nimdb_id: 0079417\n---\nTed.\n')
    orders = [("wikipedia-json", "aclimdb", "jekyll"), ("aclimdb", "wikipedia-json", "jekyll"),
              ("jekyll", "aclimdb", "wikipedia-json")]
    src = {"wikipedia-json": "movies.json", "aclimdb": "r.jsonl", "jekyll": "site"}
    for n, order in enumerate(orders):
        out = tmp_path / f"corpus{n}"
        reports = [import_dataset(f, tmp_path / src[f], out) for f in order]
        assert sorted(p.name for p in out.iterdir()) == [INDEX_NAME, "kramer-vs-kramer-1979"]
        assert sorted(p.name for p in (out / "kramer-vs-kramer-1979").iterdir()) == [
            "film.yaml", "post.md", "review-1.txt", "wikipedia.txt"], order
        meta = film_yaml(out / "kramer-vs-kramer-1979")
        assert (meta["title"], meta["imdb_id"]) == ("Kramer vs. Kramer", "tt0079417")
        assert [s["document"] for s in meta["sources"]] == [
            "post.md", "review-1.txt", "wikipedia.txt"]
        index = json.loads((out / INDEX_NAME).read_text())
        assert index["documents"]["aclImdb/test/pos/5_9.txt"] == (
            "kramer-vs-kramer-1979/review-1.txt")
        assert sum(r.merged for r in reports) == (0 if order[0] == "jekyll" else 1)
    # met twice (by title, by IMDb id) before the post showed they were one film
    again = tmp_path / "again"
    import_dataset("wikipedia-json", tmp_path / "movies.json", again)
    import_dataset("aclimdb", tmp_path / "r.jsonl", again)
    assert import_dataset("jekyll", tmp_path / "site", again).merged == 1


def test_year_learned_later_renames_a_yearless_folder(tmp_path):
    write(tmp_path / "c/_posts/a.md", "---\nmovie title: Swordfish\nmovie imdb link: "
          "http://www.imdb.com/title/tt0244244/\nlayout: comment\n---\nFun.\n")
    write(tmp_path / "p/_posts/b.md",
          '---\ntitle: "Swordfish"\nyear: 2001\nimdb_id: 0244244\n---\nHackers.\n')
    import_dataset("jekyll", tmp_path / "c", tmp_path / "corpus")
    assert (tmp_path / "corpus/swordfish/comment.md").exists()
    import_dataset("jekyll", tmp_path / "p", tmp_path / "corpus")
    folder = tmp_path / "corpus/swordfish-2001"
    assert sorted(p.name for p in folder.iterdir()) == ["comment.md", "film.yaml", "post.md"]
    # and a later source with title and year but no IMDb id finds it
    write(tmp_path / "w/movies.json", json.dumps(
        [{"title": "Swordfish", "year": 2001, "extract": "Swordfish is a 2001 film."}]))
    assert import_dataset("wikipedia-json", tmp_path / "w", tmp_path / "corpus").joined == 1


def test_cmu_corpus_files_give_metadata_and_characters(tmp_path):
    src = tmp_path / "MovieSummaries"
    write(src / "plot_summaries.txt", "975900\tSet in the second half of the 22nd century.\n"
          "1\tA film missing from the metadata.\n")
    write(src / "movie.metadata.tsv",
          '975900\t/m/03vyhn\tGhosts of Mars\t2001-08-24\t14010832\t98.0\t'
          '{"/m/02h40lc": "English Language"}\t{"/m/09c7w0": "United States of America"}\t'
          '{"/m/01jfsb": "Thriller", "/m/06n90": "Science Fiction"}\n')
    write(src / "character.metadata.tsv",
          "975900\t/m/03vyhn\t2001-08-24\tAkooshay\t1958-08-26\tF\t1.62\t\t"
          "Wanda De Jesus\t42\t/m/0bgchxw\t/m/0bgcj3x\t/m/03wcfv7\n"
          "975900\t/m/03vyhn\t2001-08-24\t\t1974-08-15\tF\t1.78\t\tNatasha Henstridge\t27\n")
    report = import_dataset("cmu", tmp_path, tmp_path / "corpus")
    meta = film_yaml(tmp_path / "corpus/ghosts-of-mars-2001")
    assert meta["language"] == "English"
    assert meta["countries"] == ["United States of America"]
    assert meta["genres"] == ["Science Fiction", "Thriller"]
    assert meta["cast"] == ["Natasha Henstridge", "Wanda De Jesus"]
    assert meta["characters"] == {"Wanda De Jesus": "Akooshay"}
    assert meta["sources"][0]["url"] == "https://en.wikipedia.org/?curid=975900"
    assert report.skipped == {"no title (film not in movie.metadata.tsv)": 1}


def test_limit_counts_documents_across_records(tmp_path):
    write(tmp_path / "r.jsonl", "".join(json.dumps(
        {"split": "test", "label": "pos", "id": i, "rating": 8, "imdb_id": f"00000{i}1",
         "text": f"Review {i}."}) + "\n" for i in range(5)))
    report = import_dataset("aclimdb", tmp_path / "r.jsonl", tmp_path / "corpus", limit=2)
    assert report.documents == 2 and report.limit_reached
    assert sorted(p.name for p in (tmp_path / "corpus").iterdir()) == [
        INDEX_NAME, "tt0000001", "tt0000011"]


def test_hand_made_corpus_folders_are_joined_by_their_names(tmp_path):
    write(tmp_path / "corpus/kramer-vs-kramer-1979/plot.txt", "Ted Kramer.")
    write(tmp_path / "movies.json", json.dumps(
        [{"title": "Kramer vs. Kramer", "year": 1979, "extract": "A 1979 film."}]))
    report = import_dataset("wikipedia-json", tmp_path / "movies.json", tmp_path / "corpus")
    assert report.joined == 1
    assert sorted(p.name for p in (tmp_path / "corpus/kramer-vs-kramer-1979").iterdir()) == [
        "film.yaml", "plot.txt", "wikipedia.txt"]


def test_broken_index_says_how_to_recover(tmp_path):
    write(tmp_path / "corpus" / INDEX_NAME, "{not json")
    write(tmp_path / "movies.json", "[]")
    with pytest.raises(CorpusError, match="delete it and re-run"):
        import_dataset("wikipedia-json", tmp_path / "movies.json", tmp_path / "corpus")


def test_hostile_front_matter_does_not_crash_an_import(tmp_path):
    """60,000 nested brackets crashed the YAML parser (RecursionError)."""
    from graphbuild.importers import import_dataset

    posts = tmp_path / "_posts"
    posts.mkdir()
    (posts / "2020-01-01-0000001.md").write_text(
        "---\ntitle: A Film\nyear: 1999\nimdb_id: 0000001\ncast: " + "[" * 60000 + "\n---\nA plot.\n")
    import_dataset("jekyll", posts, tmp_path / "corpus")
    film = next((tmp_path / "corpus").glob("*/post.md"))
    assert film.read_text().endswith("A plot.\n")
