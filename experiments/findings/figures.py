"""The figure of each pattern group: the patterns in its runs, and a panel with the share of
posterior draws in which each held.

Every figure is drawn from the runs of the group's conditions (mean and 95% interval over
replications) and its robustness table; :data:`FIGURES` names each group's.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from experiments.findings.groups import (C_HORIZON, C_KEY_LOSS, C_KEY_READ, D_HORIZON,
                                         DEFAULT_GROUPS, KEY_SCENARIOS, LOW_EVER,
                                         joined_if_reached, kept_through_key_loss)
from experiments.findings.patterns import KEY_LOSS_KEEPS_UNDER, gain
from experiments.findings.runs import Runs, mean_at
from sim.compare import mean_and_interval
from sim.parameters import Parameters
from viz.plots import WEEKS_PER_YEAR, plt  # Agg backend set there

def band(ax, runs: pd.DataFrame, col: str, label: str, scale: float = 1.0,
         colour: str | None = None, ls: str = "-", transform=None) -> None:
    """Mean over replications of ``col`` by week (in years), with its 95% interval band.
    ``transform`` turns each run's series into another (e.g. its change since week 0)."""
    data = runs[["run_id", "tick", col]].copy()
    if transform is not None:
        data[col] = data.groupby("run_id")[col].transform(transform)
    stats = data.groupby("tick")[col].apply(lambda v: pd.Series(mean_and_interval(v)))
    stats = stats.unstack() * scale
    years = stats.index / WEEKS_PER_YEAR
    line, = ax.plot(years, stats[0], label=label, color=colour, ls=ls)
    half = stats[1].fillna(0)
    ax.fill_between(years, stats[0] - half, stats[0] + half, color=line.get_color(),
                    alpha=0.2)


def bars(ax, values: dict[str, list[pd.Series]], categories: list[str], scale: float = 1.0
         ) -> None:
    """Grouped bars: for each series name, one bar per category (mean over runs) with its 95%
    interval as an error bar."""
    width = 0.8 / len(values)
    x = np.arange(len(categories))
    for i, (name, per_category) in enumerate(values.items()):
        stats = [mean_and_interval(v * scale) for v in per_category]
        ax.bar(x + (i - (len(values) - 1) / 2) * width, [m for m, _ in stats], width,
               yerr=[np.nan_to_num(h) for _, h in stats], capsize=3, label=name)
    ax.set_xticks(x, categories, fontsize=8)
    ax.grid(alpha=0.3, axis="y")


def robustness_panel(ax, table: pd.DataFrame) -> None:
    """Share of the posterior draws in which each pattern held."""
    y = np.arange(len(table))[::-1]
    ax.barh(y, 100 * table["share_holding"], color="tab:green", alpha=0.7)
    for yi, share in zip(y, table["share_holding"]):
        ax.annotate(f"{100 * share:.0f}%", (2, yi), va="center", fontsize=9)
    labels = [f"{row.pattern} ({'holds' if row.holds_at_defaults else 'fails'} at defaults)"
              for row in table.itertuples()]
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of posterior draws in which the pattern holds")
    n = int(table["samples"].iloc[0]) if len(table) else 0
    ax.set_title(f"Robustness: {n} draws from the\ncalibration's posterior",
                 fontsize=10)
    ax.grid(alpha=0.3, axis="x")


def _finish(fig: plt.Figure, axes, title: str) -> plt.Figure:
    for ax in axes:
        ax.tick_params(labelsize=8)
    fig.suptitle(title, fontsize=12)
    return fig


def _years(ax, horizon: float | None = None, marks: tuple = ()) -> None:
    """Label a time axis in years, with the funding horizon and other events marked."""
    ax.set_xlabel("years")
    ax.grid(alpha=0.3)
    if horizon is not None:
        ax.axvline(horizon / WEEKS_PER_YEAR, color="grey", ls=":", lw=1)
    for week in marks:
        ax.axvline(week / WEEKS_PER_YEAR, color="black", ls="--", lw=0.8)


def figure_a(c: Runs, table: pd.DataFrame) -> plt.Figure:
    """Group A: representation when desk-bound (P1), who ever took part under outreach and
    familiar faces (P2), who joins once reached under a low threshold (P3), and the
    concentration of contacts and the never-reached under tunnel vision (P4)."""
    fig, axes = plt.subplots(2, 3, figsize=(17, 9.5), constrained_layout=True)
    labels = ["higher SES", "low SES,\nnative Dutch", "low SES,\nmigration", "newcomers"]
    final = {name: runs[runs["tick"] == runs["tick"].max()] for name, runs in c.items()}
    ax = axes[0, 0]
    bars(ax, {"bureaublind": [final["desk"][f"representation[{g}]"] for g in DEFAULT_GROUPS]},
         labels)
    ax.axhline(1, color="black", ls="--", lw=0.8)
    ax.set_ylabel("share among participants / share in population")
    ax.set_title("P1 Desk-bound: who takes part after 3 years\n(representation, 1 = fair)",
                 fontsize=10)

    ax = axes[0, 1]
    bars(ax, {lab: [final[name][f"ever_participated[{g}]"] for g in (*DEFAULT_GROUPS, "low_ses")]
              for name, lab in (("desk", "bureaublind"), ("outreach", "outreach"),
                                ("faces", "bekende gezichten"))},
         labels + ["all low SES"], scale=100)
    ax.set_ylabel("% of group who ever took part (3 years)")
    ax.set_title("P2 Outreach and familiar faces raise low-SES participation,\n"
                 "faces most behind language and distrust", fontsize=10)
    ax.legend(fontsize=8)

    ax = axes[0, 2]
    stress = {g.name: g.stress.mean for g in Parameters().subgroups}
    ratio = {name: [final[name][f"ever_participated[{g}]"]
                    / final[name][f"ever_reached[{g}]"].where(lambda v: v > 0)
                    for g in DEFAULT_GROUPS] for name in ("desk", "low_threshold")}
    bars(ax, {"bureaublind": ratio["desk"], "laagdrempelig": ratio["low_threshold"]},
         [f"{lab}\n(stress {stress[g]:.2f})" for lab, g in zip(labels, DEFAULT_GROUPS)],
         scale=100)
    top = ax.get_ylim()[1] * 1.15  # room for the gains above the bars
    ax.set_ylim(0, top)
    for i, g in enumerate(DEFAULT_GROUPS):
        x = gain(joined_if_reached(c["low_threshold"], g), joined_if_reached(c["desk"], g))
        ax.annotate(f"x{x:.1f}", (i, top * 0.93), ha="center", fontsize=9)
    ax.set_ylabel("% of reached residents who ever joined")
    ax.set_title("P3 A low threshold helps the stressed most\n(relative gain above the bars)",
                 fontsize=10)
    ax.legend(fontsize=8, loc="upper right", bbox_to_anchor=(1, 0.88))

    ax = axes[1, 0]
    for name, lab in (("outreach", "outreach (tunnelvisie 0.1)"),
                      ("tunnel", "tunnelvisie (0.85)")):
        band(ax, c[name], "contact_gini", lab)
    ax.set_ylabel("Gini of professionals' contacts over residents")
    ax.set_title("P4 Tunnel vision: the same faces are contacted", fontsize=10)
    _years(ax)
    ax.legend(fontsize=8)

    ax = axes[1, 1]
    for name, lab in (("desk", "bureaublind"), ("outreach", "outreach"),
                      ("tunnel", "tunnelvisie")):
        band(ax, c[name], "ever_reached[low_ses]", lab, scale=-100,
             transform=lambda s: s - 1)
    ax.set_ylabel("% of low-SES residents never reached")
    ax.set_title("P4 Tunnel vision leaves more low-SES residents unreached", fontsize=10)
    _years(ax)
    ax.legend(fontsize=8)

    robustness_panel(axes[1, 2], table)
    return _finish(fig, axes.ravel(), "A. Who is reached and who joins (P1-P4): scenarios, "
                   "mean and 95% interval over replications")


def figure_b(c: Runs, table: pd.DataFrame) -> plt.Figure:
    """Group B: average health and the healthy-life-years gap over six years (P5), and how
    fast reach, eigen regie, trust and health move (P6)."""
    fig, axes = plt.subplots(2, 2, figsize=(14, 9.5), constrained_layout=True)
    ax = axes[0, 0]
    runs = c["default"]
    for col, lab, colour in (("health", "all residents", "black"),
                             ("health[high_ses]", "higher SES", "tab:blue"),
                             ("health[low_ses]", "low SES", "tab:red")):
        band(ax, runs, col, lab, scale=100, colour=colour, transform=_since_start)
    ax.axhline(0, color="black", lw=0.8)
    ax.set_ylabel("change in mean health since week 0 (points on a 0-100 scale)")
    ax.set_title("P5 Average health rises, low SES first (stress relief through referrals)\n"
                 "(default neighbourhood; dotted: funding horizon)", fontsize=10)
    _years(ax, 156)
    ax.legend(fontsize=8)

    ax = axes[0, 1]
    for name, runs in c.items():
        band(ax, runs, "hly_gap_change", {"default": "default neighbourhood"}.get(name, name))
    ax.axhline(0, color="black", lw=0.8)
    ax.set_ylabel("change in the SES gap in healthy life years (proxy, years)")
    ax.set_title("P5 ...while the health gap stays within a tenth of a year (with familiar\n"
                 "faces it narrows by tenths of a year, and goes on narrowing)", fontsize=10)
    _years(ax, 156)
    ax.legend(fontsize=8)

    ax = axes[1, 0]
    runs = c["default"]
    # Trust is left out: in the default neighbourhood it barely moves over six years (only
    # participants' trust changes), so its share of change is noise; figure C shows it.
    for col, lab in (("ever_reached", "ever reached (all)"),
                     ("regie[high_ses]", "eigen regie, higher SES"),
                     ("health[high_ses]", "health, higher SES"),
                     ("health[low_ses]", "health, low SES")):
        band(ax, runs, col, lab, scale=100, transform=_share_of_change)
    ax.axhline(50, color="black", ls="--", lw=0.8)
    ax.set_ylim(-20, 120)
    ax.set_ylabel("% of its six-year change made so far")
    ax.set_title("P6 Reach moves within months; eigen regie and health follow\n"
                 "participation and make half their change only after years", fontsize=10)
    _years(ax, 156)
    ax.legend(fontsize=8, loc="lower right")

    robustness_panel(axes[1, 1], table)
    return _finish(fig, axes.ravel(), "B. Health over time (P5-P6): six years, mean and 95% "
                   "interval over replications")


def _since_start(s: pd.Series) -> pd.Series:
    """A run's series as its change since week 0."""
    return s - s.iloc[0]


def _cumulative(s: pd.Series) -> pd.Series:
    """A run's weekly counts as a running total."""
    return s.cumsum()


def _share_of_change(s: pd.Series) -> pd.Series:
    """A run's series as the share of its total change made so far (0 at the start, 1 at
    the end); 0 throughout if it does not change."""
    moved = s.iloc[-1] - s.iloc[0]
    return (s - s.iloc[0]) / moved if moved != 0 else s * 0.0


def figure_c(c: Runs, table: pd.DataFrame) -> plt.Figure:
    """Group C: early frustrated exits and trust by feedback and clarity (P7), participation
    through the funding cliff (P8), and through the key professional's loss in Beringen and
    the Genk-Beringen hybrid, with and without that loss (P8)."""
    fig, axes = plt.subplots(2, 3, figsize=(20, 9.5), constrained_layout=True)
    p7 = (("unclear", "no feedback, unclear expectations"),
          ("feedback_only", "feedback 0.5, unclear expectations"),
          ("clarity_only", "no feedback, clear expectations"),
          ("clear", "feedback 0.5, clear expectations"))
    ax = axes[0, 0]
    for name, lab in p7:
        band(ax, c[name][c[name]["tick"] <= 52], "exits[frustration]", lab,
             transform=_cumulative)
    ax.axvline(39 / WEEKS_PER_YEAR, color="black", ls="--", lw=0.8)
    ax.set_ylabel("participants who stopped in frustration (cumulative)")
    ax.set_title("P7 Without feedback and clear expectations people stop early\n"
                 "(dashed: activities start, week 39)", fontsize=10)
    _years(ax)
    ax.legend(fontsize=8)

    ax = axes[0, 1]
    for name, lab in p7:
        band(ax, c[name], "trust", lab, scale=100, transform=_since_start)
    ax.axhline(0, color="black", lw=0.8)
    ax.set_ylabel("change in mean trust of all residents (points on 0-100)")
    ax.set_title("P7 ...and trust falls and stays down", fontsize=10)
    _years(ax, C_HORIZON)
    ax.legend(fontsize=8)

    ax = axes[0, 2]
    for name, lab in (("clear", "nothing embedded, no organisers (cliff)"),
                      ("organisation", "+ residents' organisation (0.5)"),
                      ("organisers", "+ resident organisers")):
        band(ax, c[name], "participation_rate", lab, scale=100)
    ax.set_ylabel("% of residents taking part")
    ax.set_title("P8 The funding cliff (dotted, week 104): 1,500 residents,\n"
                 "two years of funding, structure 0", fontsize=10)
    _years(ax, C_HORIZON)
    ax.legend(fontsize=8)

    shown = C_KEY_LOSS - 26  # from half a year before the loss
    colours = {"beringen": "tab:red", "hybrid": "tab:blue"}
    labels = {"beringen": "Beringen (relational)", "hybrid": "Genk-Beringen hybrid"}
    ax = axes[1, 0]
    for name in KEY_SCENARIOS:
        for cond, ls, lab in ((f"{name}_loss", "-", "key professional leaves"),
                              (name, "--", "same runs, no loss")):
            band(ax, c[cond][c[cond]["tick"] >= shown], "participation_rate",
                 f"{labels[name]}: {lab}", scale=100, colour=colours[name], ls=ls)
    ax.axvline(C_KEY_READ / WEEKS_PER_YEAR, color="grey", ls=":", lw=1)
    ax.set_ylabel("% of residents taking part")
    ax.set_title(f"P8 The key professional leaves (dashed, week {C_KEY_LOSS}); the post is "
                 f"vacant\nfor 13 weeks (dotted: week {C_KEY_READ}, where the checks read)",
                 fontsize=10)
    _years(ax, marks=(C_KEY_LOSS,))
    ax.legend(fontsize=8)

    ax = axes[1, 1]
    for name in KEY_SCENARIOS:
        ratio = (c[f"{name}_loss"].groupby("tick")["participation_rate"].mean()
                 / c[name].groupby("tick")["participation_rate"].mean())
        ratio = ratio[ratio.index >= shown]
        ax.plot(ratio.index / WEEKS_PER_YEAR, 100 * ratio, color=colours[name],
                label=f"{labels[name]}: {100 * kept_through_key_loss(c, name):.0f}% in week "
                      f"{C_KEY_READ}")
    ax.axhline(100 * KEY_LOSS_KEEPS_UNDER, color="grey", ls=":", lw=1)
    ax.axvline(C_KEY_READ / WEEKS_PER_YEAR, color="grey", ls=":", lw=1)
    ax.set_ylim(0, 110)
    ax.set_ylabel("participation with the loss, % of the same runs without")
    ax.set_title("P8 ...Beringen loses more of its participation than the hybrid,\n"
                 "whose structure holds people (dotted: the 70% criterion)", fontsize=10)
    _years(ax, marks=(C_KEY_LOSS,))
    ax.legend(fontsize=8, loc="lower right")

    robustness_panel(axes[1, 2], table)
    return _finish(fig, axes.ravel(), "C. Dropout, trust and continuity (P7-P8): mean and 95% "
                   "interval over replications (Beringen and the hybrid: 2,500 residents, "
                   "as in their scenarios)")


def figure_d(c: Runs, table: pd.DataFrame) -> plt.Figure:
    """Group D: who takes part in GoNoord! by subgroup and gender (P9), and low-SES
    participation in Genk, Beringen and their hybrid through the funding horizon (P10)."""
    fig, axes = plt.subplots(2, 2, figsize=(14, 9.5), constrained_layout=True)
    g = c["gonoord"]
    ax = axes[0, 0]
    for col, lab in (("participation_rate[low_ses,female]", "low-SES women"),
                     ("participation_rate[low_ses,male]", "low-SES men"),
                     ("participation_rate[migration_background]", "migration background"),
                     ("participation_rate[low_ses_dutch]", "low SES, native Dutch"),
                     ("participation_rate[higher_ses]", "higher SES")):
        band(ax, g, col, lab, scale=100)
    ax.set_ylabel("% of group taking part")
    ax.set_title("P9 GoNoord! (Leiden): activities grow among women with a migration\n"
                 "background; "
                 "the men stay away", fontsize=10)
    _years(ax, 208)
    ax.legend(fontsize=8)

    ax = axes[0, 1]
    band(ax, g, "participation_bias", "participation-bias index (0 = representative)",
         colour="black")
    band(ax, g, "representation[migration_background]",
         "representation of the migration background",
         colour="tab:purple", ls="--")
    ax.set_title("P9 ...so the participants come from one group", fontsize=10)
    _years(ax, 208)
    ax.legend(fontsize=8)

    ax = axes[1, 0]
    for name, lab in (("genk", "Genk (formal)"), ("beringen", "Beringen (relational)"),
                      ("hybrid", "Genk-Beringen hybrid")):
        ever = 100 * mean_at(c[name], LOW_EVER)
        band(ax, c[name], "participation_rate[low_ses]",
             f"{lab}: {ever:.0f}% of low SES ever took part", scale=100)
    ax.set_ylabel("% of low-SES residents taking part")
    ax.set_title("P10 The hybrid reaches more low-SES residents and keeps them\n"
                 "(dotted: funding horizon; dashed: key worker leaves)", fontsize=10)
    _years(ax, D_HORIZON, (104,))
    ax.legend(fontsize=8)

    robustness_panel(axes[1, 1], table)
    return _finish(fig, axes.ravel(), "D. Networks and structure (P9-P10): scenarios over six "
                   "years, mean and 95% interval over replications")


#: Each group's figure, by group key.
FIGURES: dict[str, Callable[[Runs, pd.DataFrame], plt.Figure]] = {
    "A": figure_a, "B": figure_b, "C": figure_c, "D": figure_d}
