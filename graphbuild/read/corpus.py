"""Corpus folders -> Documents, each knowing the film it describes.

A corpus folder holds one subfolder per film (every document in it is about
that film) and loose document files that are films of their own. Documents
are `.txt` prose or `.md` Jekyll posts with YAML front matter (a `.txt` that
starts with front matter is read as a post too). A film's identity comes from
front matter, else `film.yaml`, else a first line `# Title`, else the name.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import yaml

from graphbuild.errors import CorpusError
from graphbuild.model import Document, FilmInfo

DOC_SUFFIXES = (".txt", ".md", ".markdown", ".text")
_YAML_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
"""libyaml's parser when PyYAML has it: the same data, eight times faster."""
MAX_CHARS = 1_000_000
"""Characters read of one document (spaCy takes minutes over a million): the
rest of a longer file is left out with a warning."""

_CUTS = (re.compile(r"\n[ \t]*\n"), re.compile(r"\n"), re.compile(r"[.!?][\"')\]\u201d]?\s"),
         re.compile(r"\s"))
_FRONT = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_CREDIT = re.compile(r"^[ \t]*(Directors?|Cast|Writers?|Producers?|Music)[ \t]*:[ \t]*(.*)$",
                     re.M | re.I)
_TICKED = re.compile(r"`([^`\n]+)`")
_META_FILE = re.compile(r"^(readme|attribution|licen[cs]e|changelog|notes?|origin)\b", re.I)
"""Files that describe a corpus rather than a film."""
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|my|me)\b")
# Dialogue quoted in a plot ('she asks "How do I look?"') is not the writer's voice.
_QUOTED = re.compile(r"\"[^\"\n]{0,300}\"|\u201c[^\u201d\n]{0,300}\u201d")
_HEADING = re.compile(r"\A\ufeff?#[ \t]+(.+?)[ \t]*\r?\n")
_PARENTHESIS = re.compile(r"\s*\([^()]*\)\s*$")
_TRAILING_YEAR = re.compile(r"^(.*?)[-_ ]\(?((?:18|19|20)\d\d)\)?$")
_DISAMBIGUATION = re.compile(r"\s*\((?:[^()]*\b(?:film|movie|TV|series|miniseries|episode)\b[^()]*"
                             r"|\d{4})\)\s*$", re.I)


@dataclass
class Problem:
    """A file that could not be read, or was read only in part."""

    path: str
    what: str
    fix: str
    fatal: bool = True

    def as_dict(self) -> dict:
        return {"path": self.path, "problem": self.what, "fix": self.fix,
                "skipped": self.fatal}


@dataclass
class RawDoc:
    """A decoded file with its front matter and credit lines split out."""

    path: Path
    text: str
    front: dict = field(default_factory=dict)
    body_start: int = 0
    credits: dict[str, list[str]] = field(default_factory=dict)
    credit_spans: list[tuple[int, int]] = field(default_factory=list)
    heading: str | None = None


def decode(data: bytes, path: str, problems: list[Problem]) -> str | None:
    """Bytes -> text: UTF-8, else cp1252, else latin-1; None for binary."""
    if b"\x00" in data[:8192]:
        problems.append(Problem(path, "binary file (NUL bytes)",
                                "remove it from the corpus or convert it to text"))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        where = e.start
    for enc in ("cp1252", "latin-1"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        problems.append(Problem(path, f"not UTF-8 (byte {where}); read as {enc}",
                                "save the file as UTF-8", fatal=False))
        return text
    return None  # latin-1 never fails; kept for type checkers


def truncate(text: str, limit: int) -> int:
    """Where to cut a text longer than `limit`: after the last paragraph
    break in its second half, else line break, sentence end, space; a hard
    cut only inside a half-limit-long word."""
    if len(text) <= limit:
        return len(text)
    for pattern in _CUTS:
        ends = [m.end() for m in pattern.finditer(text, limit // 2, limit)]
        if ends:
            return ends[-1]
    return limit


MAX_FRONT = 64 * 1024
"""Characters of front matter parsed as YAML (real ones are under 1 kB)."""
_MAX_DEPTH = 64
_MAX_NODES = 10_000
_STRUCTURE = re.compile(r"[ \t]*(?:[-?:][ \t]+)*")


def _too_deep(block: str) -> bool:
    """Whether YAML would nest deeper than _MAX_DEPTH: libyaml and PyYAML
    recurse per level (a few thousand levels raise RecursionError, fifty
    thousand crash the interpreter)."""
    depth = 0
    for c in block:
        if c in "[{":
            depth += 1
            if depth > _MAX_DEPTH:
                return True
        elif c in "]}":
            depth = max(0, depth - 1)
    return any(_STRUCTURE.match(line).end() > 4 * _MAX_DEPTH for line in block.splitlines())


def _too_many_nodes(data, budget: int = _MAX_NODES) -> bool:
    """Whether the data, its aliases expanded, has more than `budget` values
    (nine nested aliases make a billion strings of nine)."""
    stack, seen = [data], 0
    while stack:
        value = stack.pop()
        seen += 1
        if seen > budget:
            return True
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


def safe_yaml(block: str, loader=None):
    """YAML with every scalar a string (or as `loader` reads it), or
    ValueError saying why not: broken, over MAX_FRONT, nested past
    _MAX_DEPTH, or aliases expanding past _MAX_NODES values (a crafted file
    must not crash or swamp a build)."""
    if len(block) > MAX_FRONT:
        raise ValueError(f"over {MAX_FRONT // 1024} kB")
    if _too_deep(block):
        raise ValueError(f"nested deeper than {_MAX_DEPTH} levels")
    try:
        # Every scalar stays a string: YAML 1.1 would read imdb_id 0062622 as
        # the octal number 26002. Values are typed later, where they are used.
        data = yaml.load(block, Loader=loader or _YAML_LOADER)
    except (yaml.YAMLError, RecursionError) as e:
        line = getattr(getattr(e, "problem_mark", None), "line", None)
        where = f" (line {line + 2})" if line is not None else ""
        raise ValueError(f"broken YAML{where}: {e.__class__.__name__}") from e
    if _too_many_nodes(data):
        raise ValueError(f"with aliases expanding to over {_MAX_NODES} values")
    return data


def split_front_matter(text: str, path: str, problems: list[Problem]) -> tuple[dict, int]:
    """YAML front matter as a dict and the offset where the body starts.
    Front matter YAML cannot read, or that is huge or nested absurdly deep,
    is read line by line as 'key: value' (with a warning)."""
    m = _FRONT.match(text)
    if not m:
        return {}, 0
    try:
        data = safe_yaml(m.group(1))
    except ValueError as e:
        why = str(e)
        why = (why.replace("broken YAML", "broken YAML front matter", 1)
               if why.startswith("broken") else f"front matter {why}")
        problems.append(Problem(path, f"{why}; read it line by line as 'key: value'",
                                "quote values that contain ': '; keep front matter to "
                                "plain 'key: value' lines", fatal=False))
        return lenient_front_matter(m.group(1)), m.end()
    if not isinstance(data, dict):
        problems.append(Problem(path, "front matter is not a mapping",
                                "write front matter as `key: value` lines", fatal=False))
        return {}, m.end()
    return data, m.end()


_KEY_VALUE = re.compile(r"^([A-Za-z][\w -]{0,40}?)\s*:\s*(.*?)\s*$")


def lenient_front_matter(block: str) -> dict:
    """'key: value' lines of front matter that YAML rejects, such as
    'movie title: 2001: A Space Odyssey' (the value keeps its colons)."""
    data: dict = {}
    for line in block.splitlines():
        m = _KEY_VALUE.match(line)
        if m and m.group(2):
            data.setdefault(m.group(1).strip(), m.group(2).strip().strip('"\''))
    return data


def parse_credits(text: str, start: int) -> tuple[dict[str, list[str]], list[tuple[int, int]]]:
    """`Director:` / `Cast:` lines with names in backticks, and their spans."""
    credits: dict[str, list[str]] = {}
    spans = []
    for m in _CREDIT.finditer(text, start):
        names = [n.strip() for n in _TICKED.findall(m.group(2)) if n.strip()]
        if not names:
            continue
        role = m.group(1).lower().rstrip("s")
        credits.setdefault(role, []).extend(names)
        spans.append((m.start(), m.end()))
    return credits, spans


def _whole_utf8(data: bytes) -> bytes:
    """`data` without a UTF-8 sequence that its end cuts in two."""
    for i in range(1, min(4, len(data)) + 1):
        b = data[-i]
        if b & 0xC0 != 0x80:    # ASCII or the lead byte of a sequence
            need = 1 if b < 0xC0 else 2 if b < 0xE0 else 3 if b < 0xF0 else 4
            return data[:-i] if need > i else data
    return data


def read_file(path: Path, problems: list[Problem],
              max_chars: int | None = None) -> RawDoc | None:
    """Read and decode one document file; None (with a Problem) if unusable.
    Only its first `max_chars` characters (default MAX_CHARS) are read, cut
    at a paragraph or sentence end: a huge file costs no more than that."""
    p = str(path)
    limit = MAX_CHARS if max_chars is None else max_chars
    head = 4 * limit + 8          # bytes that hold `limit` characters in any encoding
    try:
        with path.open("rb") as f:
            data = f.read(head + 1)
            partial = len(data) > head
            size = os.fstat(f.fileno()).st_size if partial else len(data)
    except OSError as e:
        problems.append(Problem(p, f"cannot read: {e.strerror or e}",
                                "check the file's permissions and that it exists"))
        return None
    if partial:
        data = _whole_utf8(data[:head])
    if not data or data.isspace():
        problems.append(Problem(p, "empty file", "remove it or give it some text"))
        return None
    text = decode(data, p, problems)
    if text is None:
        return None
    cut = truncate(text, limit)
    if partial or cut < len(text):
        problems.append(Problem(p, f"only the first {cut} characters were read (the file "
                                f"has {size} bytes; the limit is {limit} characters)",
                                "split the file into smaller documents", fatal=False))
        text = text[:cut]
    front, body_start = split_front_matter(text, p, problems)
    credits, spans = parse_credits(text, body_start)
    heading = None
    if not front:
        h = _HEADING.match(text)
        if h:
            heading = h.group(1).strip()
            body_start = h.end()
    return RawDoc(path, text, front, body_start, credits, spans, heading)


def _as_list(value) -> list[str]:
    """A front-matter value as a list of clean strings ('a, b' or [a, b])."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        items = value
    else:
        items = re.split(r"\s*[,|;]\s*", str(value))
    names = (str(v).strip() for v in items)
    # a name has a letter: 'genres: 5' or 'cast: "-"' name nothing
    return [v for v in names if v.upper() != "N/A" and any(c.isalpha() for c in v)]


def _as_int(value) -> int | None:
    try:
        n = int(str(value).strip()[:4]) if value is not None else None
    except ValueError:
        return None
    return n if n and 1870 <= n <= 2100 else None


def _imdb(value) -> str | None:
    if value is None:
        return None
    m = re.search(r"tt(\d{5,10})", str(value))
    digits = m.group(1) if m else re.sub(r"\D", "", str(value))
    return f"tt{int(digits):07d}" if digits else None


def clean_title(title: str) -> str:
    """Drop Wikipedia disambiguation like ' (film)' or ' (1994 film)', and
    read HTML entities ('Wallace &amp; Gromit')."""
    title = html.unescape(title)
    return _DISAMBIGUATION.sub("", title).strip() or title.strip()


def film_from_mapping(data: dict, fallback_title: str) -> FilmInfo:
    """FilmInfo from front matter or film.yaml keys (wrong types tolerated)."""
    title = str(data.get("title") or data.get("movie title") or data.get("movie_title")
                or fallback_title).strip()
    chars = data.get("characters") or {}
    rating = data.get("imdb_rating")   # a comment's own 'rating' is the reviewer's
    votes = data.get("votes")
    try:
        rating = float(rating) if rating not in (None, "", "N/A") else None
    except (TypeError, ValueError):
        rating = None
    try:
        votes = int(str(votes).replace(",", "")) if votes not in (None, "", "N/A") else None
    except (TypeError, ValueError):
        votes = None
    return FilmInfo(
        title=clean_title(title),
        year=_as_int(data.get("year")),
        imdb_id=_imdb(data.get("imdb_id") or data.get("imdb") or data.get("movie imdb link")),
        directors=_as_list(data.get("directors") or data.get("director")),
        writers=_as_list(data.get("writers") or data.get("writer")),
        producers=_as_list(data.get("producers") or data.get("producer")),
        composers=_as_list(data.get("composers") or data.get("music")),
        companies=_as_list(data.get("companies")),
        cast=_as_list(data.get("cast")),
        characters={str(k): str(v) for k, v in chars.items()} if isinstance(chars, dict) else {},
        genres=_as_list(data.get("genres") or data.get("genre")),
        language=(_as_list(data.get("language")) or [None])[0],
        countries=_as_list(data.get("countries") or data.get("country")),
        rating=rating,
        votes=votes,
    )


def _merge(into: FilmInfo, other: FilmInfo) -> None:
    """Add what `other` knows and `into` does not (lists are unioned)."""
    for name in ("year", "imdb_id", "language", "rating", "votes"):
        if getattr(into, name) is None:
            setattr(into, name, getattr(other, name))
    for name in ("directors", "writers", "producers", "composers", "companies",
                 "cast", "genres", "countries"):
        have = getattr(into, name)
        have.extend(v for v in getattr(other, name) if v not in have)
    for k, v in other.characters.items():
        into.characters.setdefault(k, v)


def name_title(name: str) -> tuple[str, int | None]:
    """A title and year from a folder or file name ('kramer-vs-kramer-1979')."""
    m = _TRAILING_YEAR.match(name)
    stem, year = (m.group(1), int(m.group(2))) if m else (name, None)
    words = re.split(r"[-_ ]+", stem)
    return " ".join(w.capitalize() for w in words if w) or name, year


def film_info(raws: list[RawDoc], folder: Path | None, name: str,
              problems: list[Problem]) -> FilmInfo:
    """A film's identity and credits from its documents and film.yaml."""
    title, year = name_title(name)
    info: FilmInfo | None = None
    for raw in raws:
        if raw.front.get("title") or raw.front.get("movie title"):
            f = film_from_mapping(raw.front, title)
            if info is None:
                info = f
            else:
                _merge(info, f)
    if folder is not None and (folder / "film.yaml").is_file():
        path = folder / "film.yaml"
        try:
            data = safe_yaml(path.read_text(encoding="utf-8")) or {}
            if not isinstance(data, dict):
                raise ValueError("not a mapping")
            if "rating" in data and "imdb_rating" not in data:
                data["imdb_rating"] = data["rating"]
            f = film_from_mapping(data, title)
        except (ValueError, OSError) as e:   # UnicodeDecodeError is a ValueError
            problems.append(Problem(str(path), f"unreadable film.yaml: {e}",
                                    "fix it (keys: title, year, imdb_id, cast, ...)", fatal=False))
        else:
            if info is None:
                info = f
            else:
                _merge(info, f)
    if info is None:
        heading = next((r.heading for r in raws if r.heading), None)
        # a Wikipedia heading's trailing parenthesis only disambiguates:
        # "How to Save a Life (Grey's Anatomy)", "Clear and Present Danger (film)"
        info = FilmInfo(title=_PARENTHESIS.sub("", heading).strip() or heading
                        if heading else title)
        dropped = _PARENTHESIS.search(heading) if heading else None
        in_heading = re.search(r"\b(?:18|19|20)\d\d\b", dropped.group()) if dropped else None
        if in_heading:  # "# Alien (1979 film)": the year is not dropped with the parenthesis
            info.year = int(in_heading.group())
    if info.year is None:
        info.year = year
    for raw in raws:  # Director:/Cast: lines
        for role, names in raw.credits.items():
            target = {"director": info.directors, "cast": info.cast, "writer": info.writers,
                      "producer": info.producers, "music": info.composers}[role]
            target.extend(n for n in names if n not in target)
    return info


def document_kind(path: Path, raw: RawDoc) -> str:
    """plot, review, lead, post or comment, from the file name, else the text."""
    stem = path.stem.lower()
    for key, kind in (("comment", "comment"), ("review", "review"), ("plot", "plot"),
                      ("synopsis", "plot"), ("summary", "plot"), ("wikipedia", "lead"),
                      ("lead", "lead"), ("post", "post")):
        if key in stem:
            return kind
    if raw.front:
        return "post"
    if raw.heading:
        return "lead"
    # Unnamed prose: a reviewer writes in the first person, a plot does not.
    return "review" if _FIRST_PERSON.search(_QUOTED.sub(" ", raw.text)) else "plot"


def _doc_files(folder: Path, problems: list[Problem]) -> list[Path]:
    try:
        with os.scandir(folder) as it:     # file types without a stat per file
            entries = sorted(it, key=lambda e: e.name)
    except OSError as e:
        problems.append(Problem(str(folder), f"cannot list folder: {e.strerror or e}",
                                "check its permissions"))
        return []
    files = []
    for entry in entries:
        p = folder / entry.name
        try:
            if p.suffix.lower() not in DOC_SUFFIXES or p.name.startswith(".") \
                    or _META_FILE.match(p.name):
                continue
            if entry.is_file():
                files.append(p)
            elif entry.is_symlink():
                p.stat()  # is_file() hides loops and dangling links; stat raises and we report
        except OSError as e:  # symlink loops, permission errors
            problems.append(Problem(str(p), f"cannot read: {e.strerror or e}",
                                    "remove the broken link or fix permissions"))
    return files


def _shown_part(part: str) -> str:
    try:
        part.encode("utf-8")
        return part
    except UnicodeEncodeError:
        raw = os.fsencode(part)
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def shown(path: str | Path) -> str:
    """A file path as text: Python keeps the bytes of a name that is not
    UTF-8 as lone surrogates, which no RDF file, cache or JSON can encode;
    such a name is read as cp1252 (else latin-1), like file contents."""
    path = str(path)
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return "/".join(_shown_part(part) for part in path.split("/"))


def _film_docs(files: list[Path], folder: Path | None, name: str,
               problems: list[Problem], max_chars: int | None = None) -> list[Document]:
    raws = [r for r in (read_file(f, problems, max_chars) for f in files) if r is not None]
    if not raws:
        return []
    info = film_info(raws, folder, shown(name), problems)
    docs = []
    for raw in raws:
        path = shown(raw.path)
        if path != str(raw.path):
            problems.append(Problem(path, "file name is not UTF-8; read as cp1252",
                                    "rename the file (names in UTF-8)", fatal=False))
        d = Document(doc_id=f"{info.key}/{shown(raw.path.name)}", path=path,
                     kind=document_kind(raw.path, raw), text=raw.text, film=info,
                     body_start=raw.body_start, front=raw.front,
                     skip_spans=raw.credit_spans)
        docs.append(d)
    return docs


def _loops_back(sub: Path, root: Path) -> bool:
    """Whether folder `sub` (a symlink, say) is `root` or one of its parents."""
    if not sub.is_symlink():
        return False      # a real subfolder is neither (resolving 45k of them took seconds)
    try:
        target, top = sub.resolve(), root.resolve()
    except (OSError, RuntimeError):
        return True
    return target == top or target in top.parents


@dataclass
class Group:
    """Files read together as one film's documents: a film folder, or a
    loose document file (`folder` None)."""

    files: list[Path]
    folder: Path | None
    name: str

    @property
    def id(self) -> str:
        return str(self.folder if self.folder is not None else self.files[0])


def corpus_groups(paths: list[str | Path], problems: list[Problem]) -> Iterator[Group]:
    """The groups of files under the corpus paths, in a stable order
    (listing them reads no file). A path that does not exist raises
    CorpusError; folders that cannot be listed go to `problems`."""
    for root in map(Path, paths):
        if not root.exists():
            raise CorpusError(f"{root} does not exist; give a corpus folder "
                              "(one subfolder per film) or a document file")
        if root.is_file():
            yield Group([root], None, root.stem)
            continue
        for f in _doc_files(root, problems):
            yield Group([f], None, f.stem)
        try:
            subdirs = sorted((p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")),
                             key=lambda p: p.name)
        except OSError as e:
            problems.append(Problem(str(root), f"cannot list folder: {e.strerror or e}",
                                    "check its permissions"))
            continue
        for sub in subdirs:
            if _loops_back(sub, root):   # 'loop -> ..' would read the corpus again as one film
                problems.append(Problem(str(sub), "symlink loop: the folder is the corpus "
                                        "folder or one of its parents", "remove the link"))
                continue
            yield Group(_doc_files(sub, problems), sub, sub.name)


def read_group(group: Group, problems: list[Problem],
               max_chars: int | None = None) -> list[Document]:
    """The documents of a group of files (see `read_corpus`)."""
    return _film_docs(group.files, group.folder, group.name, problems, max_chars)


RACY_NS = 2_000_000_000
"""A file modified this close to when it was read may change again without
its size or time changing visibly (coarse file-system clocks): such a group
is read again next time rather than trusted."""


def group_signature(group: Group, now_ns: int) -> str | None:
    """Names, sizes, times and inodes of the group's files (and its
    film.yaml): the same signature means the same documents. None when a
    file was modified within RACY_NS of `now_ns` or cannot be examined."""
    files = list(group.files)
    if group.folder is not None:
        files.append(group.folder / "film.yaml")
    parts = []
    for f in files:
        try:
            st = f.stat()
        except FileNotFoundError:
            parts.append(f"{f.name}:-")
            continue
        except OSError:
            return None
        if st.st_mtime_ns >= now_ns - RACY_NS or st.st_ctime_ns >= now_ns - RACY_NS:
            return None
        parts.append(f"{f.name}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}")
    return "\n".join(parts)


def read_corpus(paths: list[str | Path], problems: list[Problem],
                max_chars: int | None = None) -> Iterator[Document]:
    """Every document under the corpus paths, in a stable order.

    Unreadable files are appended to `problems` and skipped; a path that does
    not exist raises CorpusError. Documents keep their first `max_chars`
    characters (default MAX_CHARS).
    """
    for group in corpus_groups(paths, problems):
        yield from read_group(group, problems, max_chars)


def first_problem(paths: list[str | Path], max_chars: int | None = None) -> Problem | None:
    """The first problem reading the corpus would meet, reading no further
    (what `graphbuild build --strict` stops at); None when there is none."""
    problems: list[Problem] = []
    for _ in read_corpus(paths, problems, max_chars):
        if problems:
            break
    return problems[0] if problems else None
