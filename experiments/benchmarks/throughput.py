"""Throughput benchmark: this checkout's model against a reference commit (issue 15).

Run ``uv run python experiments/benchmarks/throughput.py [--reference REV] [--repeats N]``.
It measures, in one run on one machine:

- the default run (2,500 residents) and a 1,000-resident run, each 260 weeks with every
  mechanism on and every output collected, seed 42, for this checkout and for the reference
  (default: the newest release tag ``v*``, else ``527362c``, the commit before the speed-ups):
  the median time per run (build and 260 weeks), the fixed cost per week (from the two sizes:
  the part of a week's time that does not grow with the residents) and the speed-up
  (reference / this checkout);
- Mesa's own Schelling example (``mesa.examples.basic.schelling``) on the same grids as those
  two runs (density 0.8), ``--schelling-steps`` steps: what a week of ours costs against a
  step of a conventional Mesa model of the same size;
- sweep throughput, for both checkouts: ``--sweep-runs`` default runs through
  :func:`sim.batch.run_sweep` on 2 local workers, results written as a sweep writes them, and
  a quarter as many: runs per minute, the time a run takes a worker all told and what that
  adds to the model run alone (the median default run above); from the two sizes, the
  sweep's start (the workers' start and imports: the time a sweep of no runs would take)
  and a run's cost once started (the extra time per run), set against two plain model runs
  side by side on the same 2 cores (no sweep, nothing written: a model run as it runs on a
  busy machine): the overhead outside the model (set-up of the run, its outputs, the worker
  and the main process receiving and writing them); and the minutes 10,000 runs take at that
  pace (``--sweep-runs 10000`` measures them);
- a worker's memory over ``--memory-runs`` runs of 52 weeks, made one after another in one
  process set up as a sweep's worker (resident memory after a tenth of them and after all);
- the server's part of the app's frame on the default neighbourhood
  (``experiments/benchmarks/app.py``: a week stepped, the map drawn, the plots' new values
  picked) and what it sends; what the browsers show is ``experiments/benchmarks/framerate.py``;
- with ``--big N`` also one run of N residents (e.g. 1000000, the most the parameters
  allow) for 260 weeks: set-up time, the weeks' time and the peak memory of the process.

The reference is unpacked with ``git archive`` into a temporary folder (removed at the end)
and its model runs in subprocesses with ``PYTHONPATH`` pointing there. Each model and size runs
in its own fresh process, which builds and runs the model ``--repeats`` times after one
warm-up run; the rounds alternate between the two checkouts, so that a busy machine slows both
alike: read the ratios. The tables are printed and written as one CSV (``--csv``, default
``results/benchmarks-throughput.csv``).

Targets (issue 15): default run at most 0.15 s; fixed cost per week at most 0.4 ms (a
1,000-resident run at most 0.12 s); 10,000 default runs in at most 20 minutes on 2 workers,
the overhead per run at most 10% of a run, worker memory flat; 1,000,000 residents for 260
weeks in at most 120 s and 6 GB, set-up included.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
SIZES = (("default run", 2500), ("1,000 residents", 1000))
WEEKS = 260

#: Runs in the subprocess: warm-up, then the timed runs; prints their times and the grid.
WORKER = """
import json, sys, time
from sim.model import CoCreationModel
n, weeks, repeats = (int(a) for a in sys.argv[1:4])
model = CoCreationModel(rng=42, n_residents=n)
model.run_for(weeks)
side = model.layout.width
times = []
for _ in range(repeats):
    t = time.perf_counter()
    model = CoCreationModel(rng=42, n_residents=n)
    model.run_for(weeks)
    times.append(time.perf_counter() - t)
print(json.dumps({"times": times, "side": side}))
"""

#: Mesa's Schelling example on a side x side grid: warm-up, then timed steps per run.
SCHELLING = """
import json, sys, time
from mesa.examples.basic.schelling.model import Schelling, SchellingScenario
side, steps, repeats = (int(a) for a in sys.argv[1:4])
def one(seed):
    model = Schelling(SchellingScenario(width=side, height=side, density=0.8, rng=seed))
    t = time.perf_counter()
    for _ in range(steps):
        model.step()
    return time.perf_counter() - t, len(model.agents)
one(0)
runs = [one(seed) for seed in range(1, repeats + 1)]
print(json.dumps({"times": [t for t, _ in runs], "agents": runs[0][1]}))
"""

#: ``runs`` default runs of 260 weeks through the batch runner on ``workers`` workers, results
#: written as a sweep writes them, the workers' start included.
SWEEP = """
import json, sys, tempfile, time
from pathlib import Path
from sim import batch, sweep
runs, workers = (int(a) for a in sys.argv[1:3])
if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "bench.toml"
        path.write_text(
            'name = "bench"\\ndescription = "throughput"\\nreplications = %d\\nticks = 260\\n'
            'seed = 1\\n[outputs]\\nkeep = "final"\\n' % runs
        )
        t = time.perf_counter()
        counts = batch.run_sweep(sweep.load_sweep(path), Path(d) / "out", workers=workers,
                                 progress=False)
        elapsed = time.perf_counter() - t
    assert counts["done"] == runs, counts
    print(json.dumps({"seconds": elapsed}))
"""

#: Plain default runs one after another, warm-up excluded: the time each takes (run as two
#: processes side by side by :func:`side_by_side`).
PLAIN = """
import json, sys, time
from sim.model import CoCreationModel
runs = int(sys.argv[1])
CoCreationModel(rng=0).run_for(260)
t = time.perf_counter()
for seed in range(1, runs + 1):
    CoCreationModel(rng=seed).run_for(260)
print(json.dumps({"per_run": (time.perf_counter() - t) / runs}))
"""

#: A worker's memory over many runs: ``runs`` runs of ``weeks`` weeks one after another in
#: one process set up as a sweep's worker is; its resident memory after a tenth and after all.
MEMORY = """
import json, os, sys
from pathlib import Path
from sim import batch, sweep
runs, weeks = (int(a) for a in sys.argv[1:3])
def rss_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
import tempfile
with tempfile.TemporaryDirectory() as d:
    path = Path(d) / "bench.toml"
    path.write_text(
        'name = "bench"\\ndescription = "worker memory"\\nreplications = %d\\n'
        'ticks = %d\\nseed = 1\\n[outputs]\\nkeep = "final"\\n' % (runs, weeks)
    )
    _, specs = sweep.plan(sweep.load_sweep(path))
batch._worker_init(os.getppid())
marks = {}
for i, spec in enumerate(specs, 1):
    batch.execute_run(spec)
    if i in (runs // 10, runs):
        marks[i] = rss_mb()
print(json.dumps({"first": marks[runs // 10], "last": marks[runs]}))
"""

#: The app's frame on the default neighbourhood (``experiments/benchmarks/app.py``).
APP = """
import json, runpy, sys
import numpy as np
weeks = int(sys.argv[1])
ms, sent, images = runpy.run_path("experiments/benchmarks/app.py")["measure"](weeks)
frame = sum(ms.values())
print(json.dumps({"frame_ms": float(np.median(frame)),
                  "parts": {k: float(np.median(v)) for k, v in ms.items()},
                  "bytes": float(np.median(sent) + np.median(images))}))
"""

#: One run of n residents: set-up, weeks, peak memory.
BIG = """
import json, resource, sys, time
from sim.model import CoCreationModel
n, weeks = (int(a) for a in sys.argv[1:3])
t0 = time.perf_counter()
model = CoCreationModel(rng=42, n_residents=n)
t1 = time.perf_counter()
model.run_for(weeks)
t2 = time.perf_counter()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 ** 2  # KiB -> GiB
print(json.dumps({"setup_s": t1 - t0, "weeks_s": t2 - t1, "peak_gb": peak}))
"""


def _env(code_root: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(code_root),
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }


def run_script(code_root: Path, script: str, *args: object) -> dict:
    """Run ``script`` with ``args`` in a fresh process on the code under ``code_root``;
    returns the JSON it prints last."""
    out = subprocess.run(
        [sys.executable, "-c", script, *map(str, args)],
        capture_output=True,
        text=True,
        check=True,
        env=_env(code_root),
        cwd=code_root,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def side_by_side(code_root: Path, runs: int) -> float:
    """The median time of a default run when two processes make ``runs`` runs each at once,
    as a sweep's two workers do, but without a sweep: a model run on a busy machine."""
    pair = [
        subprocess.Popen(
            [sys.executable, "-c", PLAIN, str(runs)],
            stdout=subprocess.PIPE,
            text=True,
            env=_env(code_root),
            cwd=code_root,
        )
        for _ in range(2)
    ]
    outs = [proc.communicate()[0] for proc in pair]
    if any(proc.returncode for proc in pair):
        raise RuntimeError("a plain model run failed")
    return statistics.median(json.loads(out.strip().splitlines()[-1])["per_run"] for out in outs)


def unpack(rev: str, into: Path) -> str:
    """Unpack the model code (``sim/``, and the scenarios it reads) of ``rev`` into ``into``;
    returns its short hash."""
    short = subprocess.run(
        ["git", "rev-parse", "--short", rev], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    archive = subprocess.run(
        ["git", "archive", "--format=tar", rev, "sim", "scenarios"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return short


def model_rows(times: dict[tuple[str, int], list[float]], labels: list[str]) -> list[dict]:
    """The table rows of the model runs: median per run, ms per week, fixed cost per week."""
    rows = []
    (_, big), (_, small) = SIZES
    for label in labels:
        median = {n: statistics.median(times[(label, n)]) for _, n in SIZES}
        per_resident = (median[big] - median[small]) / (big - small)
        fixed_ms = 1000 * (median[small] - per_resident * small) / WEEKS
        for case, n in SIZES:
            rows.append(
                {
                    "code": label,
                    "part": "model",
                    "case": case,
                    "agents": n,
                    "steps": WEEKS,
                    "runs": len(times[(label, n)]),
                    "median_s": median[n],
                    "ms_per_step": 1000 * median[n] / WEEKS,
                    "fixed_ms_per_week": fixed_ms,
                }
            )
    return rows


def sweep_row(
    label: str, small: tuple[int, float], big: tuple[int, float], model_s: float, busy_s: float
) -> dict:
    """The sweep's figures from a sweep of ``small`` and one of ``big`` (runs, seconds) on 2
    workers: runs per minute; the time a run takes a worker, all told, and what that adds to
    the model run alone (``model_s``, the median default run of the same code); the sweep's
    start (where the line through the two sizes meets no runs) and a run's cost once started
    (its slope, per worker), against a model run side by side with another (``busy_s``): the
    overhead outside the model; and the minutes 10,000 runs take at this pace."""
    (n_small, t_small), (runs, seconds) = small, big
    per_run = (seconds - t_small) / (runs - n_small)  # the sweep's time per run, 2 workers
    start = seconds - runs * per_run
    per_worker = 2 * seconds / runs
    return {
        "code": label,
        "part": "sweep",
        "case": f"sweep: {runs} default runs, 2 workers, results written",
        "runs": runs,
        "median_s": seconds,
        "runs_per_minute": 60 * runs / seconds,
        "s_per_run_per_worker": per_worker,
        "overhead_pct": 100 * (per_worker / model_s - 1),
        "start_s": start,
        "started_s_per_run_per_worker": 2 * per_run,
        "side_by_side_s": busy_s,
        "outside_model_pct": 100 * (2 * per_run / busy_s - 1),
        "min_for_10000_runs": (start + 10_000 * per_run) / 60,
    }


def default_reference() -> str:
    """The newest release tag (``v*``), else the commit before the throughput work began."""
    tags = subprocess.run(
        ["git", "tag", "--list", "v*", "--sort=-creatordate"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.split()
    return tags[0] if tags else "527362c"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--reference",
        default=default_reference(),
        help="commit to compare against (default: the newest v* tag, else 527362c)",
    )
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per round")
    parser.add_argument("--rounds", type=int, default=2, help="fresh processes per case")
    parser.add_argument("--schelling-steps", type=int, default=20)
    parser.add_argument("--sweep-runs", type=int, default=400, help="0 to leave it out")
    parser.add_argument("--memory-runs", type=int, default=300, help="0 to leave it out")
    parser.add_argument("--app-weeks", type=int, default=100, help="0 to leave it out")
    parser.add_argument("--big", type=int, default=0, help="residents of one large run")
    parser.add_argument("--csv", default="results/benchmarks-throughput.csv")
    args = parser.parse_args()

    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "sim"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    this = f"this checkout ({head}{'+changes' if dirty else ''})"
    times: dict[tuple[str, int], list[float]] = {}
    sides: dict[int, int] = {}
    extra: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="cocreatie-reference-") as tmp:
        ref = f"reference ({unpack(args.reference, Path(tmp))})"
        roots = {ref: Path(tmp), this: ROOT}
        for _ in range(args.rounds):
            for _, n in SIZES:
                for label, root in roots.items():
                    got = run_script(root, WORKER, n, WEEKS, args.repeats)
                    times.setdefault((label, n), []).extend(got["times"])
                    sides[n] = got["side"]
        rows = model_rows(times, list(roots))
        for case, n in SIZES:
            got = run_script(ROOT, SCHELLING, sides[n], args.schelling_steps, args.repeats)
            median = statistics.median(got["times"])
            rows.append(
                {
                    "code": "Mesa Schelling",
                    "part": "Mesa's Schelling",
                    "case": f"{sides[n]}x{sides[n]} grid, as the {case}",
                    "agents": got["agents"],
                    "steps": args.schelling_steps,
                    "runs": len(got["times"]),
                    "median_s": median,
                    "ms_per_step": 1000 * median / args.schelling_steps,
                }
            )
        if args.sweep_runs:
            model_s = {label: statistics.median(times[(label, SIZES[0][1])]) for label in roots}
            for label, root in roots.items():
                sizes = [max(2, args.sweep_runs // 4), args.sweep_runs]
                small, big = [(n, run_script(root, SWEEP, n, 2)["seconds"]) for n in sizes]
                busy = side_by_side(root, max(5, args.sweep_runs // 20))
                extra.append(sweep_row(label, small, big, model_s[label], busy))
        if args.memory_runs:
            got = run_script(ROOT, MEMORY, args.memory_runs, 52)
            extra.append(
                {
                    "code": this,
                    "part": "worker memory",
                    "case": f"worker memory, {args.memory_runs} runs of 52 weeks",
                    "runs": args.memory_runs,
                    "rss_first_mb": got["first"],
                    "rss_last_mb": got["last"],
                    "memory_growth_pct": 100 * (got["last"] / got["first"] - 1),
                }
            )
        if args.app_weeks:
            got = run_script(ROOT, APP, args.app_weeks)
            extra.append(
                {
                    "code": this,
                    "part": "app",
                    "case": "app frame, the server's part: a week, the map, the plots' new values",
                    "runs": args.app_weeks,
                    "median_s": got["frame_ms"] / 1000,
                    "frames_per_second": 1000 / got["frame_ms"],
                    **{f"{k}_ms": v for k, v in got["parts"].items()},
                    "kb_sent": got["bytes"] / 1000,
                }
            )
        if args.big:
            got = run_script(ROOT, BIG, args.big, WEEKS)
            extra.append(
                {
                    "code": this,
                    "part": "large neighbourhood",
                    "case": f"{args.big:,} residents, {WEEKS} weeks",
                    "agents": args.big,
                    "steps": WEEKS,
                    "runs": 1,
                    "median_s": got["setup_s"] + got["weeks_s"],
                    "setup_s": got["setup_s"],
                    "ms_per_step": 1000 * got["weeks_s"] / WEEKS,
                    "peak_gb": got["peak_gb"],
                }
            )

    df = pd.DataFrame(rows + extra)
    ref_median = {
        (r["case"]): r["median_s"] for r in rows + extra if r["code"] == ref and "median_s" in r
    }
    df["speed-up"] = [
        ref_median[c] / t if c in ref_median and not code.startswith("Mesa") else float("nan")
        for code, c, t in zip(df.code, df.case, df.median_s)
    ]
    pd.set_option("display.width", 250)
    pd.set_option("display.max_columns", 30)
    for part, table in df.groupby("part", sort=False):  # each with its own columns
        print(f"\n{part}")
        print(
            table.drop(columns="part")
            .dropna(axis=1, how="all")
            .to_string(index=False, float_format=lambda x: f"{x:.4g}", na_rep="")
        )
    out = Path(args.csv)
    if not out.is_absolute():
        out = ROOT / out
    out.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(out, index=False)
    print(f"\nwritten to {out}")


if __name__ == "__main__":
    main()
