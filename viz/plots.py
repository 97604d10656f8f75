"""Figures of a run: who takes part, how representative that is, and who was reached."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # files, not windows: the command line and the tests have no screen
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
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


def _horizon(ax, funding_weeks: int | None) -> None:
    if funding_weeks is not None:
        ax.axvline(funding_weeks / WEEKS_PER_YEAR, color="grey", lw=1, ls=":")


def outcomes_figure(df: pd.DataFrame, funding_weeks: int | None = None) -> plt.Figure:
    """Six panels over time: participation, regie and trust, health, the health gap in
    healthy-life-years (a proxy), exits by cause, referrals and integration. A dotted line
    marks the funding horizon."""
    years = df.index / WEEKS_PER_YEAR
    fig, axes = plt.subplots(2, 3, figsize=(15, 8), constrained_layout=True)
    ses = {"low_ses": ("Low SES", "tab:red"), "high_ses": ("Higher SES", "tab:blue")}

    ax = axes[0, 0]
    for key, (label, colour) in ses.items():
        ax.plot(years, 100 * df[f"participation_rate[{key}]"], color=colour, label=label)
    ax.plot(years, 100 * df["participation_rate"], color="black", lw=1, label="all")
    ax.set_title("Taking part (% of group)", fontsize=10)
    ax.legend(fontsize=8)

    ax = axes[0, 1]
    for key, (label, colour) in ses.items():
        ax.plot(years, df[f"regie[{key}]"], color=colour, label=f"eigen regie, {label}")
        ax.plot(years, df[f"trust[{key}]"], color=colour, ls="--", label=f"trust, {label}")
    ax.set_title("Eigen regie and trust (0-1)", fontsize=10)
    ax.legend(fontsize=8)

    ax = axes[0, 2]
    for key, (label, colour) in ses.items():
        ax.plot(years, df[f"health[{key}]"], color=colour, label=label)
        ax.plot(years, df[f"stress[{key}]"], color=colour, ls="--", label=f"stress, {label}")
    ax.set_title("Health (solid) and stress (dashed), 0-1", fontsize=10)
    ax.legend(fontsize=8, loc="center right")

    ax = axes[1, 0]
    ax.plot(years, df["hly_gap_proxy"], color="purple")
    ax.set_title("SES gap in healthy life years (proxy, years)", fontsize=10)

    ax = axes[1, 1]
    for col, label in (("exits[stress]", "stress"), ("exits[frustration]", "frustration"),
                       ("exits[no_activity]", "nothing left to go to")):
        ax.plot(years, df[col].cumsum(), label=label)
    ax.set_title("Participants who stopped, by cause (cumulative)", fontsize=10)
    ax.legend(fontsize=8)

    ax = axes[1, 2]
    ax.plot(years, df["referrals"].cumsum(), label="problems referred")
    ax.plot(years, df["referrals_resolved"].cumsum(), label="resolved")
    ax.set_title("Referrals (cumulative); integration (right)", fontsize=10)
    ax.legend(fontsize=8, loc="upper left")
    twin = ax.twinx()
    twin.plot(years, df["integration"], color="grey", lw=1)
    twin.set_ylim(0, 1)

    for ax in axes.ravel():
        ax.set_xlabel("years")
        ax.grid(alpha=0.3)
        _horizon(ax, funding_weeks)
    return fig


def compare_figure(finals: pd.DataFrame, series: pd.DataFrame, order: list[str]) -> plt.Figure:
    """Scenarios side by side: who ever took part by subgroup (bars), the representation of
    low SES and the SES gap in healthy life years (proxy) over time, mean with a 95% band."""
    from sim.compare import mean_and_interval

    fig, axes = plt.subplots(1, 3, figsize=(17, 5), constrained_layout=True)
    ax = axes[0]
    group_cols = [c for c in finals.columns if c.startswith("ever took part % | ")]
    width = 0.8 / max(len(group_cols), 1)
    x = np.arange(len(order))
    for i, col in enumerate(group_cols):
        means = [finals.loc[finals["scenario"] == s, col].mean() for s in order]
        ax.bar(x + i * width - 0.4 + width / 2, means, width,
               label=col.removeprefix("ever took part % | "))
    ax.set_xticks(x, order, rotation=30, ha="right", fontsize=8)
    ax.set_title("Ever took part (% of subgroup), end of run", fontsize=10)
    ax.legend(fontsize=7)

    series = series.copy()
    # The change since the start, within each run: the same seeds give every scenario the
    # same neighbourhood, so the changes compare like with like.
    start = series.groupby(["scenario", "rep"])["hly_gap_proxy"].transform("first")
    series["hly_gap_change"] = series["hly_gap_proxy"] - start
    for ax, col, title, floor in (
            (axes[1], "representation[low_ses]", "Representation of low SES (1 = fair)", 0.0),
            (axes[2], "hly_gap_change",
             "Change in the SES gap in healthy life years\n(proxy, years since the start)", None)):
        for name in order:
            runs = series[series["scenario"] == name].groupby("tick")[col]
            stats = runs.apply(lambda v: pd.Series(mean_and_interval(v))).unstack()
            years = stats.index / WEEKS_PER_YEAR
            half = stats[1].fillna(0)
            ax.plot(years, stats[0], label=name)
            ax.fill_between(years, (stats[0] - half).clip(lower=floor), stats[0] + half,
                            alpha=0.2)
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("years")
        ax.grid(alpha=0.3)
    axes[1].axhline(1, color="black", lw=0.8, ls="--")
    axes[2].legend(fontsize=8)
    return fig
