"""Build Parsed documents by hand for rule tests (no spaCy model needed)."""

from __future__ import annotations

from graphbuild.model import Document, FilmInfo, Mention, Parsed, Token


def make_parsed(rows: list[tuple], *, kind: str = "plot", film: FilmInfo | None = None,
                ents: list[tuple[int, int, str]] = (), doc_id: str = "test-film/plot.txt",
                sent_starts: tuple[int, ...] = (), glued: tuple[int, ...] = ()) -> Parsed:
    """rows: (word, lemma, pos, dep, head[, tag]) per token; ents: (start,
    end, label) token spans; sent_starts: token indexes where a new sentence
    begins; glued: tokens written right after the one before ('Were', '-',
    'Rabbit')."""
    words = [r[0] for r in rows]
    body, idx = "", []
    for i, w in enumerate(words):
        if body and w not in (".", ",", "'s", ")", ";", ":") and not body.endswith("(") \
                and i not in glued:
            body += " "
        idx.append(len(body))
        body += w
    film = film or FilmInfo(title="Test Film", year=2000)
    doc = Document(doc_id=doc_id, path=doc_id, kind=kind, text=body, film=film, body=body,
                   offsets=list(range(len(body))))
    sent = 0
    tokens = []
    starts = set(sent_starts)
    for i, (w, lemma, pos, dep, head, *tag) in enumerate(rows):
        if i in starts:
            sent += 1
        tokens.append(Token(i=i, text=w, lemma=lemma, pos=pos, tag=tag[0] if tag else "",
                            dep=dep, head=head, idx=idx[i], sent=sent))
    bounds = sorted({0, *starts, len(rows)})
    sents = list(zip(bounds[:-1], bounds[1:]))
    mentions = []
    for a, b, label in ents:
        for t in range(a, b):
            tokens[t].ent = label
        end = idx[b - 1] + len(words[b - 1])
        mentions.append(Mention(doc_id, tokens[a].sent, idx[a], end, body[idx[a]:end], label,
                                token=b - 1, tok_start=a, tok_end=b))
    return Parsed(doc=doc, tokens=tokens, sents=sents, mentions=mentions)
