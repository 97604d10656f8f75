"""How fast the app can redraw: the server's cost of one frame on the default neighbourhood.

A frame is one week stepped, the map's cells coloured, and the plots' new values: the browser
draws the map (a canvas, see ``viz/live_map.py``) and the plots (ECharts, see
``viz/live_plots.py``) itself, so the server only colours the cells and says where the
professionals and faces are, and picks the values of the new week for each line (and, when
a range grows, makes the chart's layout again). The app steps several weeks per frame when frames are slower than the chosen
speed, so the frames per second printed here set how smooth Play can look, not how fast the
weeks go by. ``experiments/benchmarks/framerate.py`` measures what the browsers show.

    uv run python experiments/benchmarks/app.py [--weeks 260]
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from sim.model import CoCreationModel
from viz.components import DEFAULT_PLOTS, LAYERS, chart_frame, map_frame
from viz.live_plots import chart_option, series_values


def measure(weeks: int) -> tuple[dict[str, np.ndarray], list[int], list[int]]:
    """Milliseconds per part of each frame, and the bytes of the plots' data and of the map
    per frame."""
    model = CoCreationModel(rng=42)
    layout = None
    times: dict[str, list[float]] = {"step": [], "map": [], "plots": []}
    sent, images = [], []
    for week in range(weeks):
        t0 = time.perf_counter()
        model.step()
        t1 = time.perf_counter()
        picture = map_frame(model, LAYERS[week % len(LAYERS)])
        images.append(len(json.dumps({"method": "frame", "args": [week + 1, *picture]})))
        t2 = time.perf_counter()
        frame = chart_frame([model], DEFAULT_PLOTS)
        if layout is None or layout[0] != frame:  # the layout, only when a range grows
            layout = (frame, *chart_option(model, "en", False, DEFAULT_PLOTS, frame))
        rows = [series_values([model], source, week + 1, week + 2) for source in layout[2]]
        message = json.dumps({"method": "append", "args": [week + 1, rows]})
        t3 = time.perf_counter()
        sent.append(len(message))
        times["step"].append(t1 - t0)
        times["map"].append(t2 - t1)
        times["plots"].append(t3 - t2)
    return {k: 1000 * np.array(v) for k, v in times.items()}, sent, images


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=260)
    args = parser.parse_args()
    ms, sent, images = measure(args.weeks)
    frame = sum(ms.values())
    print(f"One frame on the default neighbourhood, {args.weeks} weeks (ms):")
    print(f"{'part':<8}{'median':>8}{'p90':>8}{'max':>8}")
    for name, values in {**ms, "frame": frame}.items():
        print(
            f"{name:<8}{np.median(values):8.1f}{np.percentile(values, 90):8.1f}"
            f"{values.max():8.1f}"
        )
    print(
        f"frames per second (median frame): {1000 / np.median(frame):.1f}; sent per frame "
        f"(median): the plots' data {int(np.median(sent))} bytes, the map "
        f"{np.median(images) / 1000:.1f} kB"
    )


if __name__ == "__main__":
    main()
