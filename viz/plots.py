"""Figures of a run: who takes part, how representative that is, and who was reached."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # files, not windows: the command line and the tests have no screen
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

WEEKS_PER_YEAR = 52


def participation_figure(df: pd.DataFrame, groups: dict[str, str]) -> plt.Figure:
    """Three panels over time, one line per subgroup: participation, representation, reach.

    ``df`` is the model's tick-by-tick table; ``groups`` maps subgroup names to labels.
    """
    years = df.index / WEEKS_PER_YEAR
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.2), constrained_layout=True)
    panels = [("participation_rate", "Taking part (% of group)", 100),
              ("representation", "Representation ratio\n(share among participants / share "
               "in population)", 1),
              ("ever_reached", "Ever reached (% of group)", 100)]
    for ax, (key, title, scale) in zip(axes, panels):
        for name, label in groups.items():
            ax.plot(years, df[f"{key}[{name}]"] * scale, label=label)
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("years")
        ax.grid(alpha=0.3)
    axes[1].axhline(1, color="black", lw=0.8, ls="--")
    axes[0].legend(fontsize=8, loc="upper left")
    return fig
