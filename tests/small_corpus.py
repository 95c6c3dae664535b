"""Three small hand-made films written as a corpus folder, for tests that
build, rebuild and kill builds."""

from __future__ import annotations

from pathlib import Path

FILMS = {
    "river-road-1988": {
        "post.md": '---\ntitle: "River Road"\nyear: 1988\nimdb_id: 0091111\n---\n'
                   "Director: `Nora Quist`\n\nCast: `Paul Anders` `Lena Ford`\n\n"
                   "Tom Hale (Paul Anders) runs a diner. His wife Anna Hale (Lena Ford) "
                   "leaves him for a banker.\n",
        "review-1.txt": "I loved this film. Paul Anders is great as Tom.\n",
    },
    "glass-harbor-1995": {
        "plot.txt": "# Glass Harbor\n\nMara Voss works for the Harbor Company. "
                    "Her brother Ivan Voss is a fisherman who rescues a boy.\n",
    },
    "winter-crown-2003": {
        "post.md": '---\ntitle: "Winter Crown"\nyear: 2003\n---\n'
                   "Cast: `Otto Price`\n\nKing Aldo (Otto Price) marries Queen Sela. "
                   "Their son Bram flees the castle.\n",
    },
}


def write_corpus(root: Path, films: dict = FILMS) -> Path:
    for film, files in films.items():
        (root / film).mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (root / film / name).write_text(text, encoding="utf-8")
    return root
