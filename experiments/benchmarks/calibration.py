"""Calibration benchmark: what the calibration machinery costs beyond the model (issue 17).

Run ``uv run python experiments/benchmarks/calibration.py [--particles N] [--generations G]``.
It runs a small calibration against the registry's real fit targets and priors, on one
process (so that every model run happens in this process and can be timed), and splits its
wall time into

- model time: the time inside the project's runner (building and running the model and
  taking its outputs), summed over every run of every evaluation;
- evaluation overhead: the rest of each evaluation (planning the runs, reducing their tables
  to the targets' estimates and misses);
- pyabc overhead: everything else (drawing and perturbing particles, fitting the transition
  kernel, epsilon, writing the SQLite history).

The machinery's overhead is the last two over the model time (target: at most 10%). It also
prints the shipped budget's cost in model runs, from ``posteriors/main.json`` if it exists,
and writes the table as CSV (``--csv``, default ``results/benchmarks-calibration.csv``).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import pandas as pd

from sim import batch, calibration, posterior, validation


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--particles", type=int, default=6)
    parser.add_argument("--generations", type=int, default=2)
    parser.add_argument("--reps", type=int, default=1)
    parser.add_argument("--csv", default="results/benchmarks-calibration.csv")
    args = parser.parse_args()

    targets = calibration.fit_targets(validation.load_targets())
    budget = calibration.Budget(args.particles, args.generations, args.reps, seed=0)
    spent = {"model": 0.0, "evaluation": 0.0, "runs": 0, "evaluations": 0}
    run_one, evaluate = batch.execute_run, calibration.Evaluation.__call__

    def timed_run(spec):
        started = time.perf_counter()
        try:
            return run_one(spec)
        finally:
            spent["model"] += time.perf_counter() - started
            spent["runs"] += 1

    def timed_evaluation(self, theta):
        started = time.perf_counter()
        try:
            return evaluate(self, theta)
        finally:
            spent["evaluation"] += time.perf_counter() - started
            spent["evaluations"] += 1

    batch.execute_run = timed_run  # type: ignore[assignment]
    calibration.Evaluation.__call__ = timed_evaluation  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "calibration"
        calibration.prepare(folder, budget, targets, False)
        started = time.perf_counter()
        calibration.run(folder, budget, targets, workers=1, report=lambda _: None)
        total = time.perf_counter() - started
    model = spent["model"]
    rows = [
        ("evaluations", spent["evaluations"], ""),
        ("model runs", spent["runs"], ""),
        ("wall time (s)", round(total, 2), ""),
        ("model time (s)", round(model, 2), "inside the runner"),
        ("evaluation overhead (s)", round(spent["evaluation"] - model, 2), "plan, reduce"),
        ("pyabc overhead (s)", round(total - spent["evaluation"], 2), "sampling, history"),
        (
            "machinery overhead (% of model time)",
            round(100 * (total - model) / model, 1),
            "target: at most 10",
        ),
        ("model time per evaluation (s)", round(model / spent["evaluations"], 2), ""),
    ]
    shipped = posterior.path_of(posterior.DEFAULT_POSTERIOR)
    if shipped.is_file():
        made = json.loads(shipped.read_text())["provenance"]
        rows.append(("shipped posterior: model runs", made["model_runs"], str(made["budget"])))
        rows.append(("shipped posterior: evaluations", made["evaluations"], ""))
    table = pd.DataFrame(rows, columns=["figure", "value", "note"])
    print(table.to_string(index=False))
    Path(args.csv).parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.csv, index=False)
    print(f"wrote {args.csv}")


if __name__ == "__main__":
    main()
