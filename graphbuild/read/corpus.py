"""Corpus folders -> Documents, each knowing the film it describes.

A corpus folder holds one subfolder per film (every document in it is about
that film) and loose document files that are films of their own. Documents
are `.txt` prose or `.md` Jekyll posts with YAML front matter (a `.txt` that
starts with front matter is read as a post too). A film's identity comes from
front matter, else `film.yaml`, else a first line `# Title`, else the name.
"""

from __future__ import annotations

import html
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Collection, Iterator

import yaml

from graphbuild.errors import CorpusError
from graphbuild.model import Document, FilmInfo, slug
from graphbuild.read.normalize import INVISIBLE

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
    meta_lines: list[tuple[str, int, int]] = field(default_factory=list)
    """(key, start, end) of the lines that state metadata (see `Document`)."""


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


_MAX_EXPANDED = 4 * MAX_FRONT
"""Characters front matter may hold once its aliases are expanded: without
aliases that is its own size, under MAX_FRONT."""


def _too_large(data, nodes: int = _MAX_NODES, chars: int = _MAX_EXPANDED) -> str | None:
    """Why the data, its aliases expanded, is too large (more than `nodes`
    values, or more than `chars` characters: nine nested aliases make a
    billion strings), else None. Counts without expanding anything."""
    stack, seen, size = [data], 0, 0
    while stack:
        value = stack.pop()
        seen += 1
        if seen > nodes:
            return f"with aliases expanding to over {nodes} values"
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        else:
            size += len(str(value)) if isinstance(value, str) else 8
            if size > chars:
                return f"with aliases expanding to over {chars // 1024} kB of text"
    return None


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
    why = _too_large(data)
    if why:
        raise ValueError(why)
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


def credit_lines(text: str, start: int) -> Iterator[tuple[str, list[str], int, int]]:
    """`Director:` / `Cast:` lines with names in backticks: role ("director",
    "cast", "writer", "producer", "music"), names and the line's span."""
    for m in _CREDIT.finditer(text, start):
        names = [clean_name(n)[:MAX_NAME] for n in _TICKED.findall(m.group(2)) if clean_name(n)]
        if names:
            yield m.group(1).lower().rstrip("s"), names, m.start(), m.end()


def parse_credits(text: str, start: int) -> tuple[dict[str, list[str]], list[tuple[int, int]]]:
    """`Director:` / `Cast:` lines with names in backticks, and their spans."""
    credits: dict[str, list[str]] = {}
    spans = []
    for role, names, a, b in credit_lines(text, start):
        credits.setdefault(role, []).extend(names)
        spans.append((a, b))
    return credits, spans


_YAML_KEY = re.compile(r"""(?:"([^"\n]*)"|'([^'\n]*)'|([^\s#:'"\-\[\]{}?][^:\n]*?))[ \t]*:(?=[ \t\r]|$)""")


def yaml_lines(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """(key, start, end) of each line of the YAML mapping `text[start:end]`
    that holds something: the top-level key the line belongs to ('cast' for
    '- Ann Actor' under 'cast:') and the line's span in `text`, without its
    indentation and line end. Comments and lines before any key are left out."""
    out: list[tuple[str, int, int]] = []
    key: str | None = None
    pos = start
    while pos < end:
        stop = text.find("\n", pos, end)
        stop = end if stop < 0 else stop
        line = text[pos:stop]
        content = line.strip()
        if content and not content.startswith("#"):
            if not line[0].isspace():
                m = _YAML_KEY.match(line)
                if m:
                    key = (m.group(1) or m.group(2) or m.group(3) or "").strip() or key
            if key is not None:
                lead = len(line) - len(line.lstrip())
                out.append((key, pos + lead, pos + len(line.rstrip())))
        pos = stop + 1
    return out


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
    meta: list[tuple[str, int, int]] = []
    if names_film(front):   # other front matter gives the film nothing (`film_info`)
        block = _FRONT.match(text)
        meta.extend(yaml_lines(text, block.start(1), block.end(1)))
    credits: dict[str, list[str]] = {}
    spans = []
    for role, names, a, b in credit_lines(text, body_start):
        credits.setdefault(role, []).extend(names)
        spans.append((a, b))
        meta.append((role, a, b))
    heading = None
    if not front:
        h = _HEADING.match(text)
        if h:
            heading = clean_name(h.group(1))[:MAX_NAME] or None
            body_start = h.end()
            if heading:
                meta.append(("heading", h.start(1), h.end(1)))
    return RawDoc(path, text, front, body_start, credits, spans, heading, meta)


MAX_NAME = 300
"""Characters of a name or title taken from front matter."""


def clean_name(text: str) -> str:
    """A name as written, without invisible characters or runs of spaces."""
    return " ".join(INVISIBLE.sub("", text).split())


def _scalar(value) -> str | None:
    """A front-matter value that must be one name or title: a string (or a
    number), cleaned and bounded; None for lists, mappings or nothing."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    text = clean_name(str(value))
    return text[:MAX_NAME].strip() or None


def _as_list(value) -> list[str]:
    """A front-matter value as a list of clean strings ('a, b' or [a, b])."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        items = value
    else:
        items = re.split(r"\s*[,|;]\s*", str(_scalar(value) or ""))
    names = (_scalar(v) or "" for v in items)
    # a name has a letter: 'genres: 5' or 'cast: "-"' name nothing
    return [v for v in names if v.upper() != "N/A" and any(c.isalpha() for c in v)]


def _as_int(value) -> int | None:
    try:
        n = int(str(value).strip()[:4]) if value is not None else None
    except ValueError:
        return None
    return n if n and 1870 <= n <= 2100 else None


def _imdb(value) -> str | None:
    """'tt' and 7 to 10 digits, from an id, a number or an IMDb link; None
    when the value holds no such id (never a 4,000-digit number)."""
    text = _scalar(value)
    if text is None:
        return None
    m = re.search(r"tt(\d+)", text)
    digits = (m.group(1) if m else re.sub(r"\D", "", text)).lstrip("0")
    return f"tt{digits:0>7}" if 0 < len(digits) <= 10 else None


def _number(value, kind: type, low: float, high: float):
    """A finite number of `kind` within [low, high] from a front-matter
    value ('1,234', '7.5'); None for anything else ('nan', '1e999', 'N/A')."""
    text = _scalar(value)
    if text is None or len(text) > 20:
        return None
    try:
        number = kind(float(text.replace(",", "")) if kind is float else text.replace(",", ""))
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) and low <= number <= high else None


def clean_title(title: str) -> str:
    """Drop Wikipedia disambiguation like ' (film)' or ' (1994 film)', and
    read HTML entities ('Wallace &amp; Gromit')."""
    title = html.unescape(title)
    return _DISAMBIGUATION.sub("", title).strip() or title.strip()


def film_from_mapping(data: dict, fallback_title: str) -> FilmInfo:
    """FilmInfo from front matter or film.yaml keys (wrong types tolerated)."""
    title = (_scalar(data.get("title")) or _scalar(data.get("movie title"))
             or _scalar(data.get("movie_title")) or fallback_title)
    chars = data.get("characters") or {}
    rating = _number(data.get("imdb_rating"), float, 0, 10)   # a comment's 'rating' is the reviewer's
    votes = _number(data.get("votes"), int, 0, 10**10)
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
        characters={_scalar(k): _scalar(v) for k, v in chars.items()
                    if _scalar(k) and _scalar(v)} if isinstance(chars, dict) else {},
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


def names_film(front: dict) -> bool:
    """Whether front matter names its film (and so is read for the film's
    identity and credits)."""
    return bool(front.get("title") or front.get("movie title"))


def read_film_yaml(folder: Path | None, problems: list[Problem]) -> tuple[str, dict] | None:
    """The text and mapping of a film folder's film.yaml; None (with a
    Problem when it is there but unreadable) otherwise."""
    if folder is None or not (folder / "film.yaml").is_file():
        return None
    path = folder / "film.yaml"
    try:
        # the file's own characters (line ends too), so evidence offsets point into it
        text = path.read_bytes().decode("utf-8-sig")
        data = safe_yaml(text) or {}
        if not isinstance(data, dict):
            raise ValueError("not a mapping")
    except (ValueError, OSError) as e:   # UnicodeDecodeError is a ValueError
        problems.append(Problem(shown(path), f"unreadable film.yaml: {e}",
                                "fix it (keys: title, year, imdb_id, cast, ...)", fatal=False))
        return None
    return text, data


def film_info(raws: list[RawDoc], film_yaml: dict | None, name: str) -> FilmInfo:
    """A film's identity and credits from its documents and film.yaml."""
    title, year = name_title(name)
    info: FilmInfo | None = None
    for raw in raws:
        if names_film(raw.front):
            f = film_from_mapping(raw.front, title)
            if info is None:
                info = f
            else:
                _merge(info, f)
    if film_yaml is not None:
        data = dict(film_yaml)
        if "rating" in data and "imdb_rating" not in data:
            data["imdb_rating"] = data["rating"]
        f = film_from_mapping(data, title)
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
               problems: list[Problem], max_chars: int | None = None,
               qualify: Collection[str] = ()) -> list[Document]:
    raws = [r for r in (read_file(f, problems, max_chars) for f in files) if r is not None]
    if not raws:
        return []
    film_yaml = read_film_yaml(folder, problems)
    info = film_info(raws, film_yaml[1] if film_yaml else None, shown(name))
    docs = []
    for raw in raws:
        path = shown(raw.path)
        if path != str(raw.path):
            problems.append(Problem(path, "file name is not UTF-8; read as cp1252",
                                    "rename the file (names in UTF-8)", fatal=False))
        d = Document(doc_id=_doc_id(info.key, shown(raw.path.name), path, qualify), path=path,
                     kind=document_kind(raw.path, raw), text=raw.text, film=info,
                     body_start=raw.body_start, front=raw.front,
                     skip_spans=raw.credit_spans, meta_lines=raw.meta_lines)
        docs.append(d)
    if film_yaml is not None:   # a document of its own: metadata facts cite its lines
        text = film_yaml[0]
        path = shown(folder / "film.yaml")
        docs.append(Document(doc_id=_doc_id(info.key, "film.yaml", path, qualify), path=path,
                             kind="metadata", text=text, film=info, body_start=len(text),
                             meta_lines=yaml_lines(text, 0, len(text))))
    return docs


def _doc_id(film: str, name: str, path: str, qualify: Collection[str]) -> str:
    """A document's id: '<film key>/<file name>', or '<film key>/<path>' when
    that name is in `qualify` (another folder of the film has a file of that
    name: the ids of the two then differ by their corpus folders)."""
    doc_id = f"{film}/{name}"
    return f"{film}/{path}" if doc_id in qualify else doc_id


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


NESTING = 8
"""Folder levels under a corpus path searched for film folders."""
_ROLE = re.compile(r"(?:plot|post|review|comment|wikipedia|lead|synopsis|summary|film)"
                   r"(?:[-_ ]?\d+)?", re.I)
"""Names of documents that say their role, not their film (a film's folder)."""
_PEEK = 16 * 1024
_MAX_PEEK_FILES = 64


@dataclass
class Listing:
    """What a folder holds: document files and subfolders, in name order."""

    docs: list[Path] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)


def _inside(target: Path, top: Path) -> bool:
    return target == top or top in target.parents


def list_folder(folder: Path, top: Path, problems: list[Problem],
                follow_symlinks: bool = False) -> Listing:
    """The documents and subfolders of `folder`, under the corpus root `top`
    (resolved). Reported in `problems` and left out: files that are not
    documents, broken links and loops, and links that lead outside the corpus
    (unless `follow_symlinks`). Hidden names and corpus notes are skipped."""
    out = Listing()
    try:
        with os.scandir(folder) as it:     # file types without a stat per file
            entries = sorted(it, key=lambda e: e.name)
    except OSError as e:
        problems.append(Problem(str(folder), f"cannot list folder: {e.strerror or e}",
                                "check its permissions"))
        return out
    for entry in entries:
        p = folder / entry.name
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_symlink():
                target = p.resolve(strict=True)   # raises on loops and dangling links
                if target == folder.resolve() or target in folder.resolve().parents:
                    problems.append(Problem(str(p), "symlink loop: it leads back to a folder "
                                            "it is in", "remove the link"))
                    continue
                if not follow_symlinks and not _inside(target, top):
                    problems.append(Problem(str(p), f"symlink to {shown(target)}, outside the "
                                            "corpus: not read",
                                            "copy the file into the corpus, or build with "
                                            "--follow-symlinks if you trust where it leads"))
                    continue
            is_dir = entry.is_dir()
        except (OSError, RuntimeError) as e:   # symlink loops, permission errors
            problems.append(Problem(str(p), f"cannot read: {getattr(e, 'strerror', None) or e}",
                                    "remove the broken link or fix permissions"))
            continue
        if is_dir:
            out.folders.append(p)
        elif p.suffix.lower() in DOC_SUFFIXES:
            if not _META_FILE.match(p.name):
                out.docs.append(p)
        elif p.name != "film.yaml" and not _META_FILE.match(p.name):
            problems.append(Problem(str(p), f"not a document ({p.suffix or 'no extension'}): "
                                    "skipped", "graphbuild reads .txt, .md, .markdown and "
                                    ".text files (and film.yaml); move other files out of "
                                    "the corpus"))
    return out


def _peeked_title(path: Path) -> str | None:
    """The film a document names at its top (front matter title, else a
    '# Title' first line), read from its first bytes only."""
    try:
        with path.open("rb") as f:
            head = f.read(_PEEK).decode("utf-8", "replace")
    except OSError:
        return None
    m = _FRONT.match(head)
    if m:
        try:
            data = safe_yaml(m.group(1))
        except ValueError:
            data = lenient_front_matter(m.group(1))
        if isinstance(data, dict):
            title = _scalar(data.get("title") or data.get("movie title"))
            if title:
                return slug(clean_title(title))
        return None
    h = _HEADING.match(head)
    return slug(_PARENTHESIS.sub("", h.group(1)).strip() or h.group(1)) if h else None


def is_film_folder(folder: Path, docs: list[Path]) -> bool:
    """Whether a folder given as a corpus path is one film's folder rather
    than a folder of loose documents, each a film: it has a film.yaml, or
    its documents are named by role (plot.txt, review-2.txt), or those that
    name a film at their top all name the same one."""
    if (folder / "film.yaml").is_file() or all(_ROLE.fullmatch(d.stem) for d in docs):
        return True
    if len(docs) > _MAX_PEEK_FILES:
        return False
    titles = {t for t in map(_peeked_title, docs) if t}
    return len(titles) == 1


def corpus_groups(paths: list[str | Path], problems: list[Problem],
                  follow_symlinks: bool = False) -> Iterator[Group]:
    """The groups of files under the corpus paths, in a stable order.

    A path is a document file (a film of its own), a film's folder (see
    `is_film_folder`), or a corpus folder: loose documents are films of their
    own, a subfolder with documents is a film's folder, a subfolder with only
    subfolders is searched the same way (down to NESTING levels). Listing
    reads no document, but for a folder given as a path whose files do not say
    whether they are one film. A path that does not exist raises CorpusError;
    what is left out goes to `problems`."""
    for root in map(Path, paths):
        if not root.exists():
            raise CorpusError(f"{root} does not exist; give a corpus folder "
                              "(one subfolder per film) or a document file")
        if root.is_file():
            yield Group([root], None, root.stem)
            continue
        top = root.resolve()
        listing = list_folder(root, top, problems, follow_symlinks)
        if listing.docs and not _holds_films(listing, top, follow_symlinks) \
                and is_film_folder(root, listing.docs):
            yield from _film_folder(root, listing, top, problems, follow_symlinks)
        else:
            yield from _corpus_folder(root, listing, top, problems, follow_symlinks, 0)


def _holds_films(listing: Listing, top: Path, follow_symlinks: bool) -> bool:
    """Whether a folder has subfolders (at any depth) with documents."""
    for sub in listing.folders:
        inner = list_folder(sub, top, [], follow_symlinks)
        if inner.docs or _holds_films(inner, top, follow_symlinks):
            return True
    return False


def _film_folder(folder: Path, listing: Listing, top: Path, problems: list[Problem],
                 follow_symlinks: bool) -> Iterator[Group]:
    yield Group(listing.docs, folder, folder.name)
    for sub in listing.folders:       # a film's documents are its folder's own files
        inner = list_folder(sub, top, [], follow_symlinks)
        if inner.docs or inner.folders:
            problems.append(Problem(str(sub), "a folder inside a film's folder: not read",
                                    "put each film's documents in its own folder, directly "
                                    "under the corpus folder (or in a folder of such folders)"))


def _corpus_folder(folder: Path, listing: Listing, top: Path, problems: list[Problem],
                   follow_symlinks: bool, depth: int) -> Iterator[Group]:
    for f in listing.docs:
        yield Group([f], None, f.stem)
    for sub in listing.folders:
        inner = list_folder(sub, top, problems, follow_symlinks)
        if inner.docs or not inner.folders:
            yield from _film_folder(sub, inner, top, problems, follow_symlinks)
        elif depth + 1 < NESTING:
            yield from _corpus_folder(sub, inner, top, problems, follow_symlinks, depth + 1)
        else:
            problems.append(Problem(str(sub), f"folders nested deeper than {NESTING} levels: "
                                    "not read", "move the films nearer the corpus folder"))


def read_group(group: Group, problems: list[Problem], max_chars: int | None = None,
               qualify: Collection[str] = ()) -> list[Document]:
    """The documents of a group of files (see `read_corpus`); those whose
    id would be one of `qualify` get their path as given in their id
    instead of their file name."""
    return _film_docs(group.files, group.folder, group.name, problems, max_chars, qualify)


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
                max_chars: int | None = None, follow_symlinks: bool = False,
                ) -> Iterator[Document]:
    """Every document under the corpus paths, in a stable order.

    Unreadable files are appended to `problems` and skipped; a path that does
    not exist raises CorpusError. Documents keep their first `max_chars`
    characters (default MAX_CHARS).
    """
    for group in corpus_groups(paths, problems, follow_symlinks):
        yield from read_group(group, problems, max_chars)


def first_problem(paths: list[str | Path], max_chars: int | None = None,
                  follow_symlinks: bool = False) -> Problem | None:
    """The first problem reading the corpus would meet, reading no further
    (what `graphbuild build --strict` stops at); None when there is none."""
    problems: list[Problem] = []
    for _ in read_corpus(paths, problems, max_chars, follow_symlinks):
        if problems:
            break
    return problems[0] if problems else None
