"""The explorer page: how long `graphbuild viz` takes, how big its output is,
and how soon headless Chromium paints it.

    python -m benchmarks.explorer                          # builds ../shared/corpus-films first
    python -m benchmarks.explorer --graph OUT              # a build's output folder (or graph file)
    python -m benchmarks.explorer --graph OUT --folder     # the folder form (one data file per film)
    python -m benchmarks.explorer --screenshots docs       # also the README's screenshots
    python -m benchmarks.explorer --page SITE/index.html   # only the browser, on a page written before

First paint is the time from navigation to vis-network's first drawing of
the films (`GB.firstPaint`, from `performance.now()`), in Debian's chromium
driven by Playwright, median of --runs fresh pages. Opening a film is timed
from the click on a film to its story graph drawn, with its data script
loaded when the page is a folder.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus-films"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--no-first-run", "--disable-component-update", "--disable-sync"]


def settle(page, tries: int = 400) -> None:
    for _ in range(tries):
        if not page.evaluate("graphbuild.busy()"):
            return
        page.wait_for_timeout(25)


def measure_browser(url: str, runs: int, film: str | None, shots: Path | None) -> dict:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("Debian chromium is not installed (apt-get install chromium)")
    paints, loads, opens = [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for run in range(runs):
            page = browser.new_page(viewport={"width": 1400, "height": 850})
            errors: list[str] = []
            page.on("console", lambda m: m.type == "error" and errors.append(m.text))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(url)
            for _ in range(400):
                if page.evaluate("window.GB && GB.firstPaint") is not None:
                    break
                page.wait_for_timeout(10)
            paints.append(page.evaluate("GB.firstPaint"))
            loads.append(page.evaluate("performance.getEntriesByType('navigation')[0]"
                                       ".loadEventEnd"))
            slug = film or page.evaluate(
                "GB.data.films.slice().sort((a, b) => b.size - a.size)[0].slug")
            t = time.perf_counter()
            page.evaluate(f"graphbuild.go({{film: GB.data.bySlug[{slug!r}].index, node: null,"
                          " edge: null}, {fit: true})")
            settle(page)
            opens.append((time.perf_counter() - t) * 1000)
            if errors:
                sys.exit(f"the page logged errors: {errors}")
            if shots is not None and run == 0:
                shots.mkdir(parents=True, exist_ok=True)
                page.wait_for_timeout(300)
                page.screenshot(path=str(shots / "explorer-film.png"))
                page.evaluate("graphbuild.go({film: null, node: null, edge: null}, {fit: true})")
                settle(page)
                page.wait_for_timeout(300)
                page.screenshot(path=str(shots / "explorer-overview.png"))
            page.close()
        browser.close()
    return {"first_paint_ms": round(statistics.median(paints)),
            "load_event_ms": round(statistics.median(loads)),
            "open_film_ms": round(statistics.median(opens)), "film": slug}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--graph", type=Path, help="a build's output folder or a graph file "
                    "(default: build ../shared/corpus-films into a temporary folder)")
    ap.add_argument("--folder", action="store_true", help="write the folder form, not one file")
    ap.add_argument("--film", help="slug of the film to open (default: the best-known)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--screenshots", type=Path, help="write explorer-overview.png and "
                    "explorer-film.png into this folder")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON")
    ap.add_argument("--page", type=Path, help="measure this page (a graph.html or a folder's "
                    "index.html) in the browser only")
    args = ap.parse_args()
    if args.page is not None:
        figures = measure_browser(args.page.resolve().as_uri(), args.runs, args.film,
                                  args.screenshots)
        report(figures, args.json)
        return

    with tempfile.TemporaryDirectory(prefix="gb-explorer-") as tmp:
        graph = args.graph
        if graph is None:
            if not CORPUS.is_dir():
                print("../shared/corpus-films is not beside the checkout; nothing to measure")
                return
            graph = Path(tmp) / "build"
            subprocess.run([sys.executable, "-m", "graphbuild", "build", str(CORPUS), "--out",
                            str(graph), "--jobs", "2", "--format", "nt"], check=True)
        out = Path(tmp) / ("site" if args.folder else "graph.html")
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "graphbuild", "viz", str(graph), "--out", str(out)],
                       check=True, stdout=subprocess.DEVNULL)
        viz_s = time.perf_counter() - t
        page = out / "index.html" if args.folder else out
        files = [p for p in out.rglob("*") if p.is_file()] if args.folder else [out]
        data = page.read_text(encoding="utf-8").split('id="graphbuild-data">', 1)[1]
        overview = json.loads(data.split("</script>", 1)[0])["overview"]
        documented = overview["filmColumns"].index("documented")
        figures = {
            "films": len(overview["films"]),
            "films_with_documents": sum(1 for f in overview["films"] if f[documented]),
            "viz_s": round(viz_s, 2),
            "page_bytes": page.stat().st_size,
            "total_bytes": sum(p.stat().st_size for p in files),
            "files": len(files),
        }
        figures.update(measure_browser(page.as_uri(), args.runs, args.film, args.screenshots))
    report(figures, args.json)


def report(figures: dict, json_path: Path | None) -> None:
    width = max(len(k) for k in figures)
    for k, v in figures.items():
        print(f"{k:<{width}}  {v}")
    if json_path:
        json_path.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
