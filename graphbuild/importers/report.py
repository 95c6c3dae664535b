"""What one import run did, and its one-line summary."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ImportReport:
    """Counts of one `import_dataset` run."""

    format: str
    source: str
    documents: int = 0          # document files written (new or changed)
    unchanged: int = 0          # documents already present with the same text
    films: int = 0              # distinct film folders this run wrote into
    new_films: int = 0          # of those, folders this run created
    joined: int = 0             # of those, folders that existed before this run
    renamed: int = 0            # folders renamed when a title or year became known
    merged: int = 0             # folders merged into another: found to be one film
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> count
    limit_reached: bool = False

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    def summary(self) -> str:
        """One line for a terminal or a log."""
        line = (f"{self.format}: {_count(self.documents + self.unchanged, 'document')} "
                f"({self.documents} written, {self.unchanged} unchanged) for "
                f"{_count(self.films, 'film')} ({self.new_films} new, {self.joined} joined)")
        if self.renamed:
            line += f", {_count(self.renamed, 'folder')} renamed"
        if self.merged:
            line += f", {_count(self.merged, 'folder')} merged"
        n = sum(self.skipped.values())
        if n:
            reasons = ", ".join(f"{c} {r}" for r, c in sorted(self.skipped.items()))
            line += f"; {n} skipped ({reasons})"
        if self.limit_reached:
            line += "; stopped at --limit"
        return line


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")
