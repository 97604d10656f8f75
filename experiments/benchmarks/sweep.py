"""Sweep benchmark: throughput on 1 and 2 workers, and the memory of one worker over many runs.

Run ``uv run python experiments/benchmarks/sweep.py``. It times a sweep of ``--runs`` default
runs (2,500 residents, 260 ticks) on 1 and on 2 local workers, and then makes ``--memory-runs``
runs one after another in this process (as one worker does) and reports its resident memory
after a tenth of them and after all of them.

Targets (issue "The batch runner"): 200 default runs in at most 2 minutes on 2 workers; 2
workers give at least 1.8 times the throughput of 1; a worker's memory after 1,000 runs within
10% of its memory after 100.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pandas as pd

from sim import batch, sweep

SWEEP = """
name = "bench"
description = "Default runs for the sweep benchmark."
replications = {runs}
ticks = {ticks}
seed = 1
[outputs]
keep = "final"
"""


def _sweep(folder: Path, runs: int, ticks: int) -> sweep.Sweep:
    path = folder / "bench.toml"
    path.write_text(SWEEP.format(runs=runs, ticks=ticks))
    return sweep.load_sweep(path)


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--memory-runs", type=int, default=1000)
    parser.add_argument("--memory-ticks", type=int, default=52,
                        help="ticks of each run in the memory test (default 52)")
    args = parser.parse_args()

    rows = []
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        sw = _sweep(folder, args.runs, 260)
        times = {}
        for workers in (1, 2):
            t0 = time.perf_counter()
            counts = batch.run_sweep(sw, folder / f"w{workers}", workers=workers,
                                     progress=False)
            times[workers] = time.perf_counter() - t0
            assert counts["done"] == args.runs
            rows.append({"measure": f"{args.runs} default runs, {workers} worker(s)",
                         "value": times[workers], "unit": "s",
                         "target": "<= 120" if workers == 2 else ""})
        rows.append({"measure": "throughput 2 workers / 1 worker", "value": times[1] / times[2],
                     "unit": "x", "target": ">= 1.8"})

        _, specs = sweep.plan(_sweep(folder, args.memory_runs, args.memory_ticks))
        marks = {}
        for i, spec in enumerate(specs, 1):
            batch.execute_run(spec)
            if i in (args.memory_runs // 10, args.memory_runs):
                marks[i] = _rss_mb()
        first, last = marks[args.memory_runs // 10], marks[args.memory_runs]
        rows += [{"measure": f"worker memory after {n} runs ({args.memory_ticks} ticks each)",
                  "value": v, "unit": "MB", "target": ""} for n, v in marks.items()]
        rows.append({"measure": "memory growth from a tenth to all runs",
                     "value": 100 * (last - first) / first, "unit": "%", "target": "<= 10"})
    with pd.option_context("display.width", 160, "display.max_colwidth", 70):
        print(pd.DataFrame(rows).to_string(index=False, float_format=lambda v: f"{v:.2f}"))


if __name__ == "__main__":
    main()
