"""How smooth Play looks: frames a second that each browser shows, for 1 and for 4 visitors.

Starts the real server (``python -m sim app``) in a process group of its own, opens one page
in headless Chromium, then four (each its own session), sets the speed slider to its top
(52 weeks a second), presses Play in every page at once and counts in each browser, for
``--seconds`` seconds from one second after Play, the frames it shows.

A *frame* here is a redraw of changed state that the browser shows: a browser paint
(``requestAnimationFrame``) at which the week counter shows another week than at the
previous paint. At 52 weeks a second a frame carries one week or several, so the count is
how often the picture moves, not how fast the weeks go by (that is the speed slider). The
plots are counted apart: paints at which the plots show another week (the chart's
``data-week``, or the image's ``src`` for the older image plots).

It prints a table (visitors, median and minimum frames a second over the pages, the same
for the plots, and the share of a core the server and Chromium used meanwhile) and writes
``results/benchmarks-framerate.csv`` (a row per page; also ECharts' time per redraw). All
pages run in one Chromium on this machine: with several visitors the browsers' own work (a
software-rendered canvas and image per frame each) competes with the server for the same
cores, which a class, each at their own computer, does not. Every process it starts is
ended, also when it fails.

    uv run python experiments/benchmarks/framerate.py [--seconds 8] [--visitors 1 4]
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
from classroom import FLAGS, free_port, stop_group, wait_for  # the same Chromium and process groups
from playwright.sync_api import Browser, Page, sync_playwright

RESULTS = Path(__file__).resolve().parents[2] / "results" / "benchmarks-framerate.csv"
FIELDS = [
    "visitors",
    "compare_runs",
    "page",
    "seconds",
    "frames",
    "fps",
    "plot_frames",
    "plot_fps",
    "server_cpu",
    "browser_cpu",
    "echarts_ms",
]

#: Counts, at every paint, whether the week counter and the plots changed since the last
#: paint; started by :func:`start_counting`, read by :func:`read_counts`.
COUNTER_JS = """(delay) => {
    const c = {frames: [], plots: [], lastWeek: null, lastPlot: null, run: true};
    window.__fps = c;
    const plot = () => {
        const chart = document.querySelector('.plots-chart');
        if (chart) return chart.getAttribute('data-week');
        const img = document.querySelector('img.plots');
        return img ? img.getAttribute('src') : null;
    };
    const tick = (now) => {
        if (!c.run) return;
        const counter = document.querySelector('.week-counter');
        const week = counter ? counter.textContent : null;
        const shown = plot();
        if (week !== c.lastWeek) { c.frames.push(now); c.lastWeek = week; }
        if (shown !== c.lastPlot) { c.plots.push(now); c.lastPlot = shown; }
        requestAnimationFrame(tick);
    };
    c.start = performance.now() + delay;
    requestAnimationFrame(tick);
}"""
READ_JS = """(seconds) => {
    const c = window.__fps;
    c.run = false;
    const end = c.start + 1000 * seconds;
    const within = (times) => times.filter((t) => t >= c.start && t < end).length;
    const chart = document.querySelector('.plots-chart');
    return {frames: within(c.frames), plots: within(c.plots),
            week: document.querySelector('.week-counter').textContent,
            echartsMs: chart ? +(chart.dataset.drawMs || 0) : null,
            drawn: c.plots.length};
}"""


def start_server(port: int, log_path: Path) -> subprocess.Popen:
    with open(log_path, "w") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "sim", "app", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def open_page(browser: Browser, url: str, runs: int = 0) -> Page:
    """A page of its own session, at the size of a classroom projector; with ``runs``, in
    compare mode with that many runs per scenario."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(url)
    page.get_by_role("button", name="Step", exact=True).wait_for()
    page.locator(".week-counter").first.wait_for()
    page.locator(".v-input", has_text="Speed").get_by_role("slider").focus()
    page.keyboard.press("End")  # 52 weeks a second, the top of the slider
    page.get_by_text("Speed (weeks per second): 52").wait_for()
    if runs:
        page.get_by_role("button", name="Compare two", exact=True).click()
        page.locator(".plots-chart").nth(1).wait_for()
        if runs > 1:
            page.get_by_role("button", name=str(runs), exact=True).click()
            page.locator(".plots-chart[data-bands]:not([data-bands='0'])").nth(1).wait_for()
    return page


def cpu_seconds(pid: int) -> float:
    """The CPU time a process has used so far (Linux); 0 for one that has gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def browser_seconds() -> float:
    """The CPU time Chromium's processes (below this one) have used so far."""
    total = 0.0
    for proc in psutil.Process().children(recursive=True):
        try:
            if "chrom" in proc.name():
                total += cpu_seconds(proc.pid)
        except psutil.Error:
            pass
    return total


def measure(
    browser: Browser, url: str, visitors: int, seconds: float, server: int, runs: int = 0
) -> list[dict]:
    """Frames a second in each of ``visitors`` pages playing at once; with the share of one
    core the server used meanwhile."""
    pages = [open_page(browser, url, runs) for _ in range(visitors)]
    try:
        for page in pages:
            page.evaluate(COUNTER_JS, 1000)
        for page in pages:
            page.get_by_role("button", name="Play", exact=True).click()
        time.sleep(1)
        used, browser_used = cpu_seconds(server), browser_seconds()
        time.sleep(seconds)
        server_cpu = (cpu_seconds(server) - used) / seconds
        browser_cpu = (browser_seconds() - browser_used) / seconds
        time.sleep(0.5)
        rows = []
        for i, page in enumerate(pages):
            counts = page.evaluate(READ_JS, seconds)
            rows.append(
                {
                    "visitors": visitors,
                    "compare_runs": runs,
                    "page": i + 1,
                    "seconds": seconds,
                    "frames": counts["frames"],
                    "fps": round(counts["frames"] / seconds, 1),
                    "plot_frames": counts["plots"],
                    "plot_fps": round(counts["plots"] / seconds, 1),
                    "server_cpu": round(server_cpu, 2),
                    "browser_cpu": round(browser_cpu, 2),
                    # ECharts' time per redraw, over the whole of play
                    "echarts_ms": round(counts["echartsMs"] / counts["drawn"], 1)
                    if counts["echartsMs"] is not None and counts["drawn"]
                    else "",
                }
            )
        return rows
    finally:
        for page in pages:
            page.context.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seconds",
        type=float,
        default=8.0,
        help="seconds counted (play reaches week 520 after 10 s at top speed)",
    )
    parser.add_argument("--visitors", type=int, nargs="+", default=[1, 4])
    parser.add_argument(
        "--compare-runs",
        type=int,
        default=0,
        choices=(0, 1, 3, 5),
        help="compare mode with this many runs per scenario (0: one scenario)",
    )
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--log", type=Path, help="keep the server's log in this file")
    args = parser.parse_args(argv)

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory(prefix="framerate-") as workdir:
        log_path = args.log or Path(workdir) / "server.log"
        proc = start_server(port, log_path)
        try:
            wait_for(url, proc, log_path)
            rows: list[dict] = []
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=args.chromium, args=FLAGS)
                try:
                    for visitors in args.visitors:
                        rows += measure(
                            browser, url, visitors, args.seconds, proc.pid, args.compare_runs
                        )
                finally:
                    browser.close()
        finally:
            stop_group(proc)
    print(
        f"Frames a second each page showed while playing at 52 weeks a second "
        f"({args.seconds:g} s counted):"
    )
    print(
        f"{'visitors':>8} {'median fps':>11} {'min fps':>8} {'plots median':>13} "
        f"{'plots min':>10} {'server CPU':>11} {'browser CPU':>12}"
    )
    for visitors in args.visitors:
        mine = [r for r in rows if r["visitors"] == visitors]
        fps = [r["fps"] for r in mine]
        plots = [r["plot_fps"] for r in mine]
        print(
            f"{visitors:>8} {statistics.median(fps):>11.1f} {min(fps):>8.1f} "
            f"{statistics.median(plots):>13.1f} {min(plots):>10.1f} "
            f"{mine[0]['server_cpu']:>10.0%} {mine[0]['browser_cpu']:>11.0%}"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    print(f"written: {args.out}")


if __name__ == "__main__":
    main()
