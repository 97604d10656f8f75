"""One benchmark measurement in a fresh process, printed as one line of JSON.

Called by ``run.py``; each case runs in its own process so that its peak memory is its own.
"""

from __future__ import annotations

import argparse
import json
import resource
import time


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def ours(agents: int, ticks: int) -> dict:
    from sim.model import CoCreationModel

    # A process loads the model's compiled loops on their first use (numba's cache): once
    # per process, not per run, so it is timed apart, by a small run through every phase.
    t = time.perf_counter()
    CoCreationModel(rng=0, n_residents=50).run_for(ticks)
    first_use = time.perf_counter() - t
    base = _peak_mb()
    t0 = time.perf_counter()
    model = CoCreationModel(rng=1, n_residents=agents)
    t1 = time.perf_counter()
    for _ in range(ticks):
        model.step()
    t2 = time.perf_counter()
    rows = len(model.datacollector.get_model_vars_dataframe())
    assert rows == ticks + 1  # data were collected every tick
    return {"setup_s": t1 - t0, "steps_s": t2 - t1, "agents": agents, "ticks": ticks,
            "peak_mb": _peak_mb(), "peak_above_imports_mb": _peak_mb() - base,
            "first_use_s": first_use}


def schelling(agents: int, ticks: int) -> dict:
    from mesa.examples.basic.schelling.model import Schelling, SchellingScenario

    base = _peak_mb()
    side = round((agents / 0.8) ** 0.5)
    t0 = time.perf_counter()
    model = Schelling(SchellingScenario(width=side, height=side, density=0.8, rng=1))
    t1 = time.perf_counter()
    for _ in range(ticks):
        model.step()
    t2 = time.perf_counter()
    return {"setup_s": t1 - t0, "steps_s": t2 - t1, "agents": len(model.agents),
            "ticks": ticks, "peak_mb": _peak_mb(), "peak_above_imports_mb": _peak_mb() - base}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("model", choices=["ours", "schelling"])
    parser.add_argument("agents", type=int)
    parser.add_argument("ticks", type=int)
    args = parser.parse_args()
    fn = ours if args.model == "ours" else schelling
    print(json.dumps({"model": args.model, **fn(args.agents, args.ticks)}))


if __name__ == "__main__":
    main()
