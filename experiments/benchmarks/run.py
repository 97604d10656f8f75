"""Speed and scale benchmark: our model against Mesa's bundled Schelling example.

Run ``uv run python experiments/benchmarks/run.py``. Each case runs in a fresh process on one
core, ``--repeats`` times; the table shows the median time and the largest peak memory, and
is written as CSV (``--csv``, default ``results/benchmarks.csv``).

- our model: the default run (2,500 residents), and 1,000, 10,000 and 100,000 residents, each
  for 260 weekly ticks with every mechanism on and data collected every tick;
- Mesa's Schelling example (``mesa.examples``) at 1,000, 10,000 and 100,000 agents, 20 steps;
- for our model, apart: the first use of its compiled loops in a fresh process (loading them
  from numba's cache, timed on a run of 50 residents before the timed run);
- the headline figure: cost per resident per tick (step time / residents / ticks), against
  Schelling's cost per agent per step at the same count.

Targets (issue "Speed and scale"): default run ≤ 1 s; 100,000 residents ≤ 30 s and ≤ 2 GB;
at 10,000, our cost ≤ a tenth of Schelling's; no worse than linear from 10,000 to 100,000.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

import pandas as pd

CASE = Path(__file__).with_name("case.py")
OURS = [("default run", 2500, 260), ("1,000", 1000, 260), ("10,000", 10_000, 260),
        ("100,000", 100_000, 260)]
SCHELLING = [("1,000", 1000, 20), ("10,000", 10_000, 20), ("100,000", 100_000, 20)]


def measure(model: str, agents: int, ticks: int, repeats: int) -> dict:
    """Median times and the largest peak memory over ``repeats`` fresh processes."""
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
           "MKL_NUM_THREADS": "1"}
    runs = []
    for _ in range(repeats):
        out = subprocess.run([sys.executable, str(CASE), model, str(agents), str(ticks)],
                             capture_output=True, text=True, check=True, env=env)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    first = runs[0]
    setup = statistics.median(r["setup_s"] for r in runs)
    steps = statistics.median(r["steps_s"] for r in runs)
    return {"model": model, "agents": first["agents"], "ticks": ticks, "setup_s": setup,
            "steps_s": steps, "total_s": setup + steps,
            "first_use_s": statistics.median(r.get("first_use_s", 0.0) for r in runs),
            "us_per_agent_tick": 1e6 * steps / (first["agents"] * ticks),
            "peak_mb": max(r["peak_mb"] for r in runs),
            "peak_above_imports_mb": max(r["peak_above_imports_mb"] for r in runs)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--csv", default="results/benchmarks.csv")
    args = parser.parse_args()

    rows = []
    for label, n, ticks in OURS:
        rows.append({"case": f"ours {label}", **measure("ours", n, ticks, args.repeats)})
        print(f"  measured ours {label}", file=sys.stderr)
    for label, n, ticks in SCHELLING:
        rows.append({"case": f"Schelling {label}", **measure("schelling", n, ticks,
                                                             args.repeats)})
        print(f"  measured Schelling {label}", file=sys.stderr)
    table = pd.DataFrame(rows).set_index("case")

    ours = {r["case"]: r for r in rows}
    cost_10k = ours["ours 10,000"]["us_per_agent_tick"]
    cost_100k = ours["ours 100,000"]["us_per_agent_tick"]
    schelling_10k = ours["Schelling 10,000"]["us_per_agent_tick"]
    checks = [
        ("default run total (s)", ours["ours default run"]["total_s"], "<= 1",
         ours["ours default run"]["total_s"] <= 1),
        ("100,000 residents total (s)", ours["ours 100,000"]["total_s"], "<= 30",
         ours["ours 100,000"]["total_s"] <= 30),
        ("100,000 residents peak memory (MB)", ours["ours 100,000"]["peak_mb"], "<= 2048",
         ours["ours 100,000"]["peak_mb"] <= 2048),
        ("cost at 10,000: ours / Schelling", cost_10k / schelling_10k, "<= 0.1",
         cost_10k / schelling_10k <= 0.1),
        ("cost per resident-tick, 100,000 / 10,000", cost_100k / cost_10k, "<= 1 (linear)",
         cost_100k / cost_10k <= 1.0),
    ]
    with pd.option_context("display.width", 160, "display.float_format", "{:.3f}".format):
        print(table.to_string())
        print()
        print(pd.DataFrame(checks, columns=["target", "value", "goal", "met"])
              .set_index("target").to_string())
    Path(args.csv).parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.csv)
    print(f"\nwrote {args.csv}")


if __name__ == "__main__":
    main()
