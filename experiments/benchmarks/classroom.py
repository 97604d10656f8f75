"""The app under a class: how quickly a Step shows while many other sessions play.

Starts the real server (``python -m sim app``) in a process group of its own, opens
``--sessions`` pages in one Chromium, presses Play (full speed) in ``--playing`` of them,
then, in one more session, presses Step ``--repeats`` times and measures how long the week
counter takes to change. It also prints the server's memory (RSS) before and after closing
half the sessions (the playing ones, while they play) and waiting ``--wait`` seconds, and
after closing them all, and the server's log lines per visitor.

    uv run python experiments/benchmarks/classroom.py [--sessions 20 --playing 10 --wait 240]

Set ``SOLARA_KERNEL_CULL_TIMEOUT`` (e.g. ``24h``) in the environment to run the server with
another keep-alive for closed sessions than ``cocreatie app`` sets.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
COUNTER = ".week-counter"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def stop_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def wait_for(url: str, proc: subprocess.Popen, log_path: Path) -> None:
    """Wait until the app answers at ``url``; if it ends or takes two minutes, stop with its log."""
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the app did not start:\n{log_path.read_text()}") from None
            time.sleep(0.5)


def server_pid(proc: subprocess.Popen) -> int:
    """``cocreatie app`` execs the server, so it is this process (unless ``uv`` wraps it)."""
    return proc.pid


def open_session(browser, url: str) -> Page:
    context = browser.new_context(viewport={"width": 1400, "height": 1200})
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(url)
    page.get_by_role("button", name="Step", exact=True).wait_for()
    page.locator(COUNTER).first.wait_for()
    return page


def press_play(page: Page) -> None:
    page.locator(".v-input", has_text="Speed").get_by_role("slider").focus()
    page.keyboard.press("End")  # full speed: the heaviest load a visitor can make
    page.get_by_role("button", name="Play", exact=True).click()


def week_shown(page: Page) -> int:
    return int(page.locator(COUNTER).first.inner_text().split()[1])


def step_latency(page: Page) -> float:
    """Seconds from the click on Step until the week counter shows the next week."""
    counter = page.locator(COUNTER).first
    before = counter.inner_text()
    handle = counter.element_handle()
    start = time.perf_counter()
    page.get_by_role("button", name="Step", exact=True).click()
    page.wait_for_function(
        "([e, before]) => e.innerText !== before", arg=[handle, before], polling="raf"
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20, help="pages open at once")
    parser.add_argument("--playing", type=int, default=10, help="of which playing")
    parser.add_argument("--repeats", type=int, default=7, help="Steps measured")
    parser.add_argument("--wait", type=float, default=240, help="seconds after closing")
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    args = parser.parse_args()

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    workdir = Path(tempfile.mkdtemp(prefix="classroom-"))
    log_path = workdir / "server.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "sim", "app", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for(url, proc, log_path)
        pid = server_pid(proc)
        idle_mb = rss_mb(pid)
        lines_at_start = len(log_path.read_text().splitlines())
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=FLAGS)
            try:
                t0 = time.perf_counter()
                pages = [open_session(browser, url) for _ in range(args.sessions)]
                opened = time.perf_counter() - t0
                log_lines = len(log_path.read_text().splitlines()) - lines_at_start
                print(
                    f"{args.sessions} sessions opened in {opened:.1f} s; server log: "
                    f"{log_lines} lines, {log_lines / args.sessions:.1f} per visitor"
                )
                for page in pages[: args.playing]:
                    press_play(page)
                time.sleep(3)  # let the play loops get going
                probe = pages[-1]
                players = pages[: args.playing]
                weeks_before, t_before = [week_shown(page) for page in players], time.monotonic()
                times = []
                for _ in range(args.repeats):
                    times.append(step_latency(probe))
                    time.sleep(0.5)
                pace = [
                    (week_shown(page) - before) / (time.monotonic() - t_before)
                    for page, before in zip(players, weeks_before)
                ]
                print(
                    f"Step with {args.playing} of {args.sessions} playing (s): median "
                    f"{statistics.median(times):.2f}, max {max(times):.2f}; all: "
                    + " ".join(f"{x:.2f}" for x in times)
                )
                print(
                    f"meanwhile each playing session (at 52 weeks a second) showed "
                    f"{min(pace):.1f} to {max(pace):.1f} weeks a second"
                )
                before_mb = rss_mb(pid)
                half = args.sessions // 2
                for page in pages[:half]:
                    page.context.close()
                closed = time.monotonic()
                print(
                    f"server RSS: {idle_mb:.0f} MB idle, {before_mb:.0f} MB with "
                    f"{args.sessions} sessions; closed {half} (those playing first)"
                )
                mark = 30.0
                while (waited := time.monotonic() - closed) < args.wait:
                    time.sleep(min(mark - waited, args.wait - waited))
                    print(f"  {time.monotonic() - closed:4.0f} s later: {rss_mb(pid):.0f} MB")
                    mark += 30.0
                for page in pages[half:]:
                    page.context.close()
                time.sleep(20)
                print(f"  all closed, 20 s later: {rss_mb(pid):.0f} MB")
            finally:
                browser.close()
        tail = log_path.read_text().splitlines()[lines_at_start:]
        print(f"server log after start: {len(tail)} lines; the first ones:")
        for line in tail[:15]:
            print("  | " + line[:160])
    finally:
        stop_group(proc)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
