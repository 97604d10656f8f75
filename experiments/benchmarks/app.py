"""How fast the app can redraw: the cost of one frame on the default neighbourhood.

A frame is one week stepped, the map drawn as an image and the four plots redrawn. The app
steps several weeks per frame when drawing is slower than the chosen speed, so the frames per
second printed here set how smooth Play looks, not how fast the weeks go by.

    uv run python experiments/benchmarks/app.py [--weeks 260]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from sim.model import CoCreationModel
from viz.components import LAYERS, TimePlots, history, map_png


def measure(weeks: int) -> dict[str, np.ndarray]:
    model = CoCreationModel(rng=42)
    plots = TimePlots(model, "en")
    plots.png(history(model))  # the first draw loads fonts: not a frame
    times: dict[str, list[float]] = {"step": [], "map": [], "plots": []}
    for week in range(weeks):
        t0 = time.perf_counter()
        model.step()
        t1 = time.perf_counter()
        map_png(model, LAYERS[week % len(LAYERS)])
        t2 = time.perf_counter()
        plots.png(history(model))
        t3 = time.perf_counter()
        times["step"].append(t1 - t0)
        times["map"].append(t2 - t1)
        times["plots"].append(t3 - t2)
    return {k: 1000 * np.array(v) for k, v in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=260)
    args = parser.parse_args()
    ms = measure(args.weeks)
    frame = sum(ms.values())
    print(f"One frame on the default neighbourhood, {args.weeks} weeks (ms):")
    print(f"{'part':<8}{'median':>8}{'p90':>8}{'max':>8}")
    for name, values in {**ms, "frame": frame}.items():
        print(f"{name:<8}{np.median(values):8.1f}{np.percentile(values, 90):8.1f}"
              f"{values.max():8.1f}")
    print(f"frames per second (median frame): {1000 / np.median(frame):.1f}; "
          f"in compare mode about half that (two maps, two sets of plots)")


if __name__ == "__main__":
    main()
