"""Figures of a run: who takes part, how representative that is, and who was reached."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # files, not windows: the command line and the tests have no screen
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from sim.outputs import BY_NAME, EXITS, UNITS, WEEKS_PER_YEAR  # noqa: E402
from sim.stats import mean_and_interval  # noqa: E402
from viz.palette import GROUP_COLOURS, SES_COLOURS, group_colour  # noqa: E402


def participation_figure(
    df: pd.DataFrame, groups: dict[str, str], funding_weeks: int | None = None
) -> plt.Figure:
    """Three panels over time, one line per subgroup: participation, representation, reach.

    ``df`` is the model's tick-by-tick table; ``groups`` maps subgroup names to labels; a
    dotted line marks the funding horizon.
    """
    years = df.index / WEEKS_PER_YEAR
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.2), constrained_layout=True)
    for ax, key in zip(axes, ("participation_rate", "representation", "ever_reached")):
        out = BY_NAME[key]  # label, unit and scale from the output catalogue
        for i, (name, label) in enumerate(groups.items()):
            ax.plot(years, df[f"{key}[{name}]"] * out.scale, color=group_colour(i), label=label)
        ax.set_title(f"{out.label[0].capitalize()}{UNITS[out.unit]} by subgroup", fontsize=10)
        ax.set_xlabel("years")
        ax.set_ylabel(f"{out.label[0]}{UNITS[out.unit]}")
        ax.grid(alpha=0.3)
        _horizon(ax, funding_weeks)
    axes[1].axhline(1, color="black", lw=0.8, ls="--")
    legend_below(fig, axes[0])
    return fig


def legend_below(fig: plt.Figure, ax) -> None:
    """One legend for the figure, under its panels, so that it never covers data."""
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=min(len(labels), 5), fontsize=8)


def legend_beside(ax) -> None:
    """A panel's legend outside its plotting area, on the right, so that it covers no data."""
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)


#: The label of the dotted line where the funding stops.
FUNDING_ENDS = "funding ends"


def _horizon(ax, funding_weeks: int | None) -> None:
    """The funding horizon: a dotted line, labelled at the top of the panel."""
    if funding_weeks is not None:
        x = funding_weeks / WEEKS_PER_YEAR
        ax.axvline(x, color="grey", lw=1, ls=":")
        ax.annotate(
            FUNDING_ENDS,
            (x, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(2, -2),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=7,
            color="dimgrey",
        )


def outcomes_figure(df: pd.DataFrame, funding_weeks: int | None = None) -> plt.Figure:
    """Six panels over time: participation, regie and trust, health, the health gap in
    healthy-life-years (a proxy), exits by cause, referrals and integration. A dotted line
    marks the funding horizon."""
    years = df.index / WEEKS_PER_YEAR
    fig, axes = plt.subplots(2, 3, figsize=(18, 8), constrained_layout=True)
    ses = {
        "low_ses": ("Low SES", SES_COLOURS["low_ses"]),
        "high_ses": ("Higher SES", SES_COLOURS["high_ses"]),
    }

    ax = axes[0, 0]
    for key, (label, colour) in ses.items():
        ax.plot(years, 100 * df[f"participation_rate[{key}]"], color=colour, label=label)
    ax.plot(years, 100 * df["participation_rate"], color="black", lw=1, label="all")
    ax.set_title("Taking part (% of group)", fontsize=10)
    ax.set_ylabel("% of group")
    legend_beside(ax)

    ax = axes[0, 1]
    for key, (label, colour) in ses.items():
        ax.plot(years, df[f"regie[{key}]"], color=colour, label=f"eigen regie, {label}")
        ax.plot(years, df[f"trust[{key}]"], color=colour, ls="--", label=f"trust, {label}")
    ax.set_title("Eigen regie and trust (0-1)", fontsize=10)
    ax.set_ylabel("mean (0-1)")
    legend_beside(ax)

    ax = axes[0, 2]
    for key, (label, colour) in ses.items():
        ax.plot(years, df[f"health[{key}]"], color=colour, label=label)
        ax.plot(years, df[f"stress[{key}]"], color=colour, ls="--", label=f"stress, {label}")
    ax.set_title("Health (solid) and stress (dashed), 0-1", fontsize=10)
    ax.set_ylabel("mean (0-1)")
    legend_beside(ax)

    ax = axes[1, 0]
    ax.plot(years, df["hly_gap_proxy"], color="purple")
    ax.set_title(BY_NAME["hly_gap_proxy"].label[0], fontsize=10)
    ax.set_ylabel("years (proxy)")

    ax = axes[1, 1]
    for i, (cause, (label, _)) in enumerate(EXITS.items()):  # every cause in the catalogue
        ax.plot(years, df[f"exits[{cause}]"].cumsum(), color=group_colour(i), label=label)
    ax.set_title("Participants who stopped, by cause (cumulative)", fontsize=10)
    ax.set_ylabel("residents")
    legend_beside(ax)

    ax = axes[1, 2]
    ax.plot(years, df["referrals"].cumsum(), color=GROUP_COLOURS[0], label="problems referred")
    ax.plot(years, df["referrals_resolved"].cumsum(), color=GROUP_COLOURS[1], label="resolved")
    ax.set_title("Referrals (cumulative); integration (grey, right)", fontsize=10)
    ax.set_ylabel("problems")
    twin = ax.twinx()
    twin.plot(years, df["integration"], color="grey", lw=1, label="integration (right)")
    twin.set_ylim(0, 1)
    twin.set_ylabel("integration (0-1)")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.18, 1.0), borderaxespad=0)

    for ax in axes.ravel():
        ax.set_xlabel("years")
        ax.grid(alpha=0.3)
        _horizon(ax, funding_weeks)
    return fig


def compare_figure(finals: pd.DataFrame, series: pd.DataFrame, order: list[str]) -> plt.Figure:
    """Scenarios side by side: who ever took part by subgroup (bars), the representation of
    low SES and the SES gap in healthy life years (proxy) over time, mean with a 95% band."""
    fig, axes = plt.subplots(1, 3, figsize=(19, 5), constrained_layout=True)
    ax = axes[0]
    group_cols = [c for c in finals.columns if c.startswith("ever took part % | ")]
    width = 0.8 / max(len(group_cols), 1)
    x = np.arange(len(order))
    for i, col in enumerate(group_cols):
        means = [finals.loc[finals["scenario"] == s, col].mean() for s in order]
        ax.bar(
            x + i * width - 0.4 + width / 2,
            means,
            width,
            color=group_colour(i),
            label=col.removeprefix("ever took part % | "),
        )
    ax.set_xticks(x, order, rotation=30, ha="right", fontsize=8)
    ax.set_title("Ever took part (% of subgroup), end of run", fontsize=10)
    ax.set_ylabel("% of subgroup")
    legend_beside(ax)

    series = series.copy()
    # The change since the start, within each run: the same seeds give every scenario the
    # same neighbourhood, so the changes compare like with like.
    start = series.groupby(["scenario", "rep"])["hly_gap_proxy"].transform("first")
    series["hly_gap_change"] = series["hly_gap_proxy"] - start
    for ax, col, title, floor in (
        (axes[1], "representation[low_ses]", "Representation of low SES (1 = fair)", 0.0),
        (
            axes[2],
            "hly_gap_change",
            "Change in the SES gap in healthy life years\n(proxy, years since the start)",
            None,
        ),
    ):
        for j, name in enumerate(order):
            colour = group_colour(j)
            runs = series[series["scenario"] == name].groupby("tick")[col]
            stats = runs.apply(lambda v: pd.Series(mean_and_interval(v))).unstack()
            years = stats.index / WEEKS_PER_YEAR
            half = stats[1].fillna(0)
            ax.plot(years, stats[0], color=colour, label=name)
            lower = (stats[0] - half).clip(lower=floor)
            ax.fill_between(years, lower, stats[0] + half, color=colour, alpha=0.2)
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("years")
        ax.grid(alpha=0.3)
    axes[1].set_ylabel("representation (share / population share)")
    axes[2].set_ylabel("years (proxy)")
    axes[1].axhline(1, color="black", lw=0.8, ls="--")
    legend_beside(axes[2])
    return fig


def over_time_figure(
    rows: pd.DataFrame, col: str, label: str, point_labels: list[str]
) -> plt.Figure:
    """One outcome over time, one line per design point: the mean over replications with a
    95% band."""
    fig, ax = plt.subplots(figsize=(9, 5), constrained_layout=True)
    colours = plt.cm.tab20(np.linspace(0, 1, max(rows["point"].nunique(), 2)))
    for (point, runs), colour in zip(rows.groupby("point"), colours):
        stats = runs.groupby("tick")[col].apply(lambda v: pd.Series(mean_and_interval(v)))
        stats = stats.unstack()
        years = stats.index / WEEKS_PER_YEAR
        half = stats[1].fillna(0)
        ax.plot(years, stats[0], color=colour, label=point_labels[point])
        ax.fill_between(years, stats[0] - half, stats[0] + half, color=colour, alpha=0.15)
    ax.set_title(f"{label}: mean over replications, 95% band", fontsize=10)
    ax.set_xlabel("years")
    ax.grid(alpha=0.3)
    ax.legend(
        fontsize=7,
        ncol=2 if rows["point"].nunique() > 12 else 1,
        loc="center left",
        bbox_to_anchor=(1, 0.5),
    )
    return fig


def heatmap_figure(
    final: pd.DataFrame, points: list[dict], swept: list[str], col: str, label: str
) -> plt.Figure:
    """Mean outcome over the first two swept parameters (averaged over any others beyond a
    third), one panel per value of the third swept parameter."""
    design = pd.DataFrame(points)
    data = final[["point", col]].merge(design, left_on="point", right_index=True)
    x, y = swept[0], swept[1]
    facets = sorted(design[swept[2]].unique()) if len(swept) > 2 else [None]
    fig, axes = plt.subplots(
        1, len(facets), figsize=(4.2 * len(facets) + 1, 4), constrained_layout=True, squeeze=False
    )
    vmin, vmax = data[col].min(), data[col].max()
    for ax, facet in zip(axes[0], facets):
        part = data if facet is None else data[data[swept[2]] == facet]
        grid = part.pivot_table(index=y, columns=x, values=col, aggfunc="mean")
        im = ax.imshow(
            grid.to_numpy(), origin="lower", aspect="auto", vmin=vmin, vmax=vmax, cmap="viridis"
        )
        ax.set_xticks(range(len(grid.columns)), [f"{v:.3g}" for v in grid.columns])
        ax.set_yticks(range(len(grid.index)), [f"{v:.3g}" for v in grid.index])
        ax.set_xlabel(x)
        ax.set_ylabel(y)
        for (i, j), v in np.ndenumerate(grid.to_numpy()):
            ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=7, color="white")
        if facet is not None:
            ax.set_title(f"{swept[2]} = {facet:.3g}", fontsize=9)
    fig.colorbar(im, ax=axes[0].tolist(), label=label)
    fig.suptitle(f"{label} (mean over replications and other swept parameters)", fontsize=10)
    return fig


def sensitivity_figure(indices: pd.DataFrame, method: str) -> plt.Figure:
    """Sensitivity indices per outcome with their confidence intervals: the indices the
    design (:mod:`sim.designs`) says its figure shows, e.g. Sobol's first-order and total
    indices, or Morris's mu* (mean absolute elementary effect)."""
    from sim.designs import design

    shown = design(method).figure_indices
    width = 0.8 / len(shown)
    outcomes = list(dict.fromkeys(indices["outcome"]))
    fig, axes = plt.subplots(
        1, len(outcomes), figsize=(4.5 * len(outcomes), 4.5), constrained_layout=True, squeeze=False
    )
    for ax, outcome in zip(axes[0], outcomes):
        part = indices[indices["outcome"] == outcome]
        y = np.arange(len(part))
        for i, (col, label) in enumerate(shown.items()):
            ax.barh(
                y - 0.4 + (i + 0.5) * width,
                part[col],
                width,
                xerr=part.get(f"{col}_conf"),
                label=label,
            )
        ax.set_yticks(y, part["parameter"], fontsize=8)
        ax.set_title(outcome, fontsize=9)
        ax.grid(alpha=0.3, axis="x")
    axes[0][0].legend(fontsize=8)
    return fig


def points_figure(table: pd.DataFrame, labels: list[str]) -> plt.Figure:
    """Each design point's mean outcome with its 95% interval, one panel per outcome, points
    in the order of the first panel (for a few dozen points, such as a list of scenarios)."""
    fig, axes = plt.subplots(
        1,
        len(labels),
        figsize=(4 * len(labels), 0.3 * len(table) + 1.5),
        constrained_layout=True,
        squeeze=False,
    )
    order = table.sort_values(f"{labels[0]} mean").index
    y = np.arange(len(order))
    for ax, label in zip(axes[0], labels):
        rows = table.loc[order]
        mean = rows[f"{label} mean"]
        err = np.vstack([mean - rows[f"{label} 95% low"], rows[f"{label} 95% high"] - mean])
        ax.barh(y, mean, xerr=np.nan_to_num(err), color=GROUP_COLOURS[0], alpha=0.7)
        ax.set_title(label, fontsize=9)
        ax.grid(alpha=0.3, axis="x")
        ax.set_yticks(y, rows["design point"] if ax is axes[0][0] else [""] * len(y), fontsize=8)
    return fig


def report_figures(report) -> list[str]:
    """Draw the figures of a sweep's report (:func:`sim.report.make_report`) next to its
    tables; return the file names written.

    - ``over_time_*.png`` (when whole series were kept): each outcome over time per design
      point, mean with a 95% band;
    - ``heatmap_*.png`` (grid designs with two or more swept parameters): the mean outcome over
      the first two swept parameters, one panel per value of a third; otherwise, for up to 40
      design points (a list of scenarios, say), ``points.png``: each point's mean and interval;
    - ``sensitivity.png`` (designs with sensitivity indices): the indices with their intervals.
    """
    from sim.report import outcomes

    out, manifest, written = report.out, report.manifest, []
    method = manifest["design"]["method"]
    if report.rows["tick"].nunique() > 2:
        for col, label in outcomes(report.rows):
            name = f"over_time_{_file_part(col)}.png"
            over_time_figure(report.rows, col, label, report.point_labels).savefig(
                out / name, dpi=100
            )
            written.append(name)
    swept = list(manifest.get("problem", {}).get("names", manifest.get("problem_names", [])))
    if method == "grid" and len(swept) >= 2:
        for col, label in outcomes(report.final):
            name = f"heatmap_{_file_part(col)}.png"
            heatmap_figure(report.final, report.points, swept, col, label).savefig(
                out / name, dpi=100
            )
            written.append(name)
    elif method == "grid" and len(report.points) <= 40:
        labels = [label for _, label in outcomes(report.final)]
        points_figure(report.table, labels).savefig(out / "points.png", dpi=100)
        written.append("points.png")
    if report.indices is not None and len(report.indices):
        sensitivity_figure(report.indices, method).savefig(out / "sensitivity.png", dpi=100)
        written.append("sensitivity.png")
    plt.close("all")
    report.written += written
    return written


def _file_part(col: str) -> str:
    return col.replace("[", "_").replace("]", "")


#: The calibration figures: the posterior in the palette's blue, the default in vermillion.
POSTERIOR_COLOUR, DEFAULT_COLOUR = GROUP_COLOURS[0], GROUP_COLOURS[1]


def _prior_points(prior, n: int) -> np.ndarray:
    """``n`` points across a prior's range, evenly spaced on its own scale (log for a
    loguniform prior)."""
    spaced = np.geomspace if prior.shape == "loguniform" else np.linspace
    return spaced(prior.low, prior.high, n)


def calibration_marginals(post, rows: pd.DataFrame, priors: dict) -> plt.Figure:
    """One panel per fitted parameter: the prior's density (per unit of the parameter, so a
    loguniform prior falls as 1/x), the posterior's weighted histogram on the same scale,
    its weighted 90% interval, and the default."""
    names = list(rows["parameter"])
    cols = 4
    fig, axes = plt.subplots(
        -(-len(names) // cols),
        cols,
        figsize=(14, 2.6 * -(-len(names) // cols)),
        constrained_layout=True,
    )
    for ax, (_, row) in zip(axes.flat, rows.iterrows()):
        prior = priors[row["parameter"]]
        log = prior.shape == "loguniform"
        values = post.values[row["parameter"]].to_numpy(dtype=float)
        edges = _prior_points(prior, 16)
        ax.hist(
            values,
            bins=edges,
            weights=post.weights,
            density=True,
            color=POSTERIOR_COLOUR,
            alpha=0.7,
            label="posterior",
        )
        span = np.log(prior.high / prior.low) if log else prior.high - prior.low
        grid = _prior_points(prior, 100)
        ax.plot(
            grid,
            1 / (span * grid) if log else np.full_like(grid, 1 / span),
            color="black",
            lw=1,
            ls="--",
            label="prior",
        )
        ax.axvspan(
            row["low"], row["high"], color=POSTERIOR_COLOUR, alpha=0.12, label="90% interval"
        )
        ax.axvline(row["default"], color=DEFAULT_COLOUR, lw=1.5, label="default")
        if log:
            ax.set_xscale("log")
        ax.set_title(f"{row['parameter']} ({row['verdict']})", fontsize=9)
        ax.tick_params(labelsize=7)
        ax.set_yticks([])
    for ax in list(axes.flat)[len(names) :]:
        ax.axis("off")
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=4, fontsize=8)
    return fig


def calibration_pairs(post, names: list[str], priors: dict) -> plt.Figure:
    """Pairwise posteriors of ``names``: each particle a dot sized by its weight, within
    the prior's box."""
    k = len(names)
    fig, axes = plt.subplots(
        k, k, figsize=(2.6 * k, 2.6 * k), constrained_layout=True, squeeze=False
    )
    sizes = 8 + 400 * post.weights / post.weights.max() / max(len(post.weights) ** 0.5, 1)
    for i, a in enumerate(names):
        for j, b in enumerate(names):
            ax = axes[i][j]
            if i == j:
                ax.hist(
                    post.values[a], bins=12, weights=post.weights, color=POSTERIOR_COLOUR, alpha=0.7
                )
                ax.set_yticks([])
            else:
                ax.scatter(
                    post.values[b],
                    post.values[a],
                    s=sizes,
                    color=POSTERIOR_COLOUR,
                    alpha=0.5,
                    linewidths=0,
                )
                ax.set_ylim(priors[a].low, priors[a].high)
                if priors[a].shape == "loguniform":
                    ax.set_yscale("log")
            ax.set_xlim(priors[b].low, priors[b].high)
            if priors[b].shape == "loguniform":
                ax.set_xscale("log")
            if i == k - 1:
                ax.set_xlabel(b, fontsize=8)
            if j == 0 and i != j:
                ax.set_ylabel(a, fontsize=8)
            ax.tick_params(labelsize=6)
    return fig
