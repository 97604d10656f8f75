"""Throughput benchmark: this checkout's model against a reference commit (issue 15).

Run ``uv run python experiments/benchmarks/throughput.py [--reference REV] [--repeats N]``.
It times, for this checkout and for the reference commit (default ``527362c``, before the
speed-ups), the default run (2,500 residents) and a 1,000-resident run, each 260 weeks with
every mechanism on and every output collected, seed 42. The reference is unpacked with
``git archive`` into a temporary folder (removed at the end) and its model runs in a
subprocess with ``PYTHONPATH`` pointing there, with the same Python and libraries.

Each model and size runs in its own fresh process, which builds and runs the model
``--repeats`` times after one warm-up run; the table shows the median time per run (build and
260 weeks), the fixed cost per week (from the two sizes: the part of a week's time that does
not grow with the residents) and the ratio reference / this checkout. The rounds alternate
between the two, so that a busy machine slows both alike. Also written as CSV (``--csv``,
default ``results/benchmarks-throughput.csv``).

Targets (issue 15): default run at most 0.15 s; fixed cost per week at most 0.4 ms
(a 1,000-resident run at most 0.12 s).
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

#: Runs in the subprocess: warm-up, then the timed runs; prints their times as JSON.
WORKER = """
import json, sys, time
from sim.model import CoCreationModel
n, weeks, repeats = (int(a) for a in sys.argv[1:4])
CoCreationModel(rng=42, n_residents=n).run_for(weeks)
times = []
for _ in range(repeats):
    t = time.perf_counter()
    model = CoCreationModel(rng=42, n_residents=n)
    model.run_for(weeks)
    times.append(time.perf_counter() - t)
print(json.dumps(times))
"""


def run_times(code_root: Path, n: int, repeats: int) -> list[float]:
    """Times of ``repeats`` runs of the model found under ``code_root`` (fresh process)."""
    env = {
        **os.environ,
        "PYTHONPATH": str(code_root),
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    out = subprocess.run(
        [sys.executable, "-c", WORKER, str(n), str(WEEKS), str(repeats)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=code_root,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def unpack(rev: str, into: Path) -> str:
    """Unpack the model code (``sim/``) of ``rev`` into ``into``; returns its short hash."""
    short = subprocess.run(
        ["git", "rev-parse", "--short", rev], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    archive = subprocess.run(
        ["git", "archive", "--format=tar", rev, "sim"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return short


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", default="527362c", help="commit to compare against")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per round")
    parser.add_argument("--rounds", type=int, default=2, help="fresh processes per case")
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
    with tempfile.TemporaryDirectory(prefix="cocreatie-reference-") as tmp:
        ref = f"reference ({unpack(args.reference, Path(tmp))})"
        roots = {this: ROOT, ref: Path(tmp)}
        for _ in range(args.rounds):
            for _, n in SIZES:
                for label, root in roots.items():
                    times.setdefault((label, n), []).extend(run_times(root, n, args.repeats))

    rows = []
    for label in (ref, this):
        median = {n: statistics.median(times[(label, n)]) for _, n in SIZES}
        (_, big), (_, small) = SIZES
        per_resident = (median[big] - median[small]) / (big - small)
        fixed_ms = 1000 * (median[small] - per_resident * small) / WEEKS
        for case, n in SIZES:
            rows.append(
                {
                    "code": label,
                    "case": case,
                    "residents": n,
                    "weeks": WEEKS,
                    "runs": len(times[(label, n)]),
                    "median_s": median[n],
                    "ms_per_week": 1000 * median[n] / WEEKS,
                    "fixed_ms_per_week": fixed_ms,
                }
            )
    df = pd.DataFrame(rows)
    ref_median = df[df.code == ref].set_index("case")["median_s"]
    df["speed-up"] = [ref_median[c] / t for c, t in zip(df.case, df.median_s)]
    pd.set_option("display.width", 140)
    print(df.to_string(index=False, float_format=lambda x: f"{x:.4g}"))
    out = Path(args.csv)
    if not out.is_absolute():
        out = ROOT / out
    out.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(out, index=False)
    print(f"\nwritten to {out}")


if __name__ == "__main__":
    main()
