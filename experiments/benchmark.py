"""Speed benchmark: our default run, and cost per resident per tick against Mesa's Schelling.

Run with ``uv run python experiments/benchmark.py``. Prints a table (and writes it as CSV
with ``--csv PATH``). Every figure is the median of ``--repeats`` timings on one core.

- ``default run``: the built-in default (2,500 residents, 260 weekly ticks, all mechanisms,
  data collection every tick), set-up included.
- ``cost per resident-tick``: step time only, divided by residents times ticks, for our
  model at the same agent count as the Schelling reference.
- ``Schelling``: Mesa's bundled example (``mesa.examples``) at about 10,000 agents
  (112 x 112 grid, density 0.8), cost per agent per step.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time

import pandas as pd
from mesa.examples.basic.schelling.model import Schelling, SchellingScenario

from sim.model import CoCreationModel


def _median_time(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def time_default_run(ticks: int, repeats: int) -> float:
    def run():
        model = CoCreationModel(rng=1)
        for _ in range(ticks):
            model.step()
    return _median_time(run, repeats)


def cost_ours(residents: int, ticks: int, repeats: int) -> float:
    """Seconds per resident per tick, stepping only."""
    def run():
        model = CoCreationModel(rng=1, n_residents=residents)
        t0 = time.perf_counter()
        for _ in range(ticks):
            model.step()
        run.elapsed = time.perf_counter() - t0
    times = []
    for _ in range(repeats):
        run()
        times.append(run.elapsed)
    return statistics.median(times) / (residents * ticks)


def cost_schelling(side: int, steps: int, repeats: int) -> tuple[float, int]:
    """Seconds per agent per step of Mesa's Schelling example, and its agent count."""
    times, agents = [], 0
    for i in range(repeats):
        model = Schelling(SchellingScenario(width=side, height=side, density=0.8, rng=i))
        agents = len(model.agents)
        t0 = time.perf_counter()
        for _ in range(steps):
            model.step()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) / (agents * steps), agents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--csv", help="also write the table to this CSV file")
    args = parser.parse_args()

    default = time_default_run(260, args.repeats)
    s_cost, s_agents = cost_schelling(112, 20, args.repeats)
    o_cost = cost_ours(s_agents, 260, args.repeats)
    rows = [
        {"measure": "default run (2,500 residents, 260 ticks, with data collection)",
         "value": default, "unit": "s", "target": "<= 1 s"},
        {"measure": f"our cost per resident per tick ({s_agents:,} residents)",
         "value": o_cost * 1e6, "unit": "us", "target": ""},
        {"measure": f"Schelling cost per agent per step ({s_agents:,} agents)",
         "value": s_cost * 1e6, "unit": "us", "target": ""},
        {"measure": "ours / Schelling", "value": o_cost / s_cost, "unit": "ratio",
         "target": "<= 0.1"},
    ]
    table = pd.DataFrame(rows)
    with pd.option_context("display.width", 160, "display.max_colwidth", 80):
        print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    if args.csv:
        table.to_csv(args.csv, index=False)


if __name__ == "__main__":
    main()
