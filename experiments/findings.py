"""Reproduced findings: one experiment per pattern group of the model brief (P1-P10).

Run ``uv run python experiments/findings.py [A|B|C|D|all ...] [--quick] [--out DIR]``.
For each group it

1. writes the group's sweep file (``experiments/findings/findings-<group>.toml``), runs it
   with the project's batch runner into ``results/findings-<group>/`` (resumable, every seed
   from ``numpy.random.SeedSequence``) and draws the figure that shows the patterns into
   ``docs/img/findings/<GROUP>.png``;
2. checks each pattern on those runs (the default assumptions) and on a Latin-hypercube
   sample of the assumption-only parameters that matter most: every condition of the group
   is run at the same sample points with the same seeds (one LHS sweep per condition, in
   ``results/findings-<group>-robustness/``), each pattern's check says for each point
   whether the pattern holds, and ``docs/img/findings/<GROUP>-robustness.csv`` gets the
   share of points in which it held and the parameter it depends on most when it fails.

A condition that needs a scenario as it stands rather than the group's grid (group C's
Beringen and hybrid runs, with and without the loss of the key professional) is run in a
sweep of its own, into ``results/findings-<group>-scenarios/``, with the group's root seed:
two such conditions that differ in one value are the same runs (same seeds) but for it.

The groups: A who is reached and who joins (P1-P4), B health over time (P5-P6), C dropout,
trust and continuity (P7-P8), D networks and structure (P9-P10). ``--quick`` makes the same
experiments with 300 residents, one replication and three sample points, for the tests; with
``--quick`` and no ``--out`` everything goes to ``results/findings-quick/``. What the figures
show is written up in ``docs/findings.md``.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import tomli_w

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere: the project's packages first
    sys.path.insert(0, str(ROOT))

from sim import batch, sweep  # noqa: E402
from sim.compare import mean_and_interval  # noqa: E402
from sim.parameters import Parameters, parameter_table  # noqa: E402
from viz.plots import WEEKS_PER_YEAR, plt  # noqa: E402  (Agg backend set there)

#: Runs of one condition: ``run_id``, ``tick`` and the kept output columns.
Runs = Mapping[str, pd.DataFrame]


# --- what a group is ------------------------------------------------------------------------


@dataclass(frozen=True)
class Condition:
    """One situation a pattern compares: a scenario plus parameters set on top of it.

    ``set`` names values of the group's grid (if any) and extra fixed values; ``robust``
    says whether the condition is also run over the Latin hypercube (conditions only drawn
    in the figure are not); ``ticks`` overrides the group's run length there. With
    ``own_sweep`` the condition is its scenario as it stands plus ``set`` alone (not the
    group's grid and fixed values), run in a sweep of its own with the group's root seed, so
    own-sweep conditions that differ in one value are the same runs but for that value.
    """

    name: str
    label: str
    scenario: str = "default"
    set: dict[str, Any] = field(default_factory=dict)
    robust: bool = True
    ticks: int | None = None
    own_sweep: bool = False


@dataclass(frozen=True)
class Check:
    """A pattern and the function that says whether it holds in a set of runs."""

    pattern: str
    claim: str
    holds: Callable[[Runs], bool]


@dataclass(frozen=True)
class Group:
    """A pattern group: its experiment, its conditions, its checks and its figure."""

    key: str
    title: str
    description: str
    scenarios: tuple[str, ...]
    conditions: tuple[Condition, ...]
    checks: tuple[Check, ...]
    figure: Callable[[Runs, pd.DataFrame], plt.Figure]
    numbers: Callable[[Runs], dict[str, float]]
    ticks: int
    replications: int
    seed: int
    bands: dict[str, tuple[float, float]]
    grid: dict[str, list] = field(default_factory=dict)
    fixed: dict[str, Any] = field(default_factory=dict)
    columns: tuple[str, ...] | None = None  # None: every column (scenarios differ)
    samples: int = 20
    sample_reps: int = 3

    @property
    def slug(self) -> str:
        return f"findings-{self.key.lower()}"


# --- reading runs ---------------------------------------------------------------------------


def at(runs: pd.DataFrame, col: str, tick: int | None = None) -> pd.Series:
    """Each run's value of ``col`` at ``tick`` (its last kept tick if None)."""
    tick = int(runs["tick"].max()) if tick is None else tick
    return runs.loc[runs["tick"] == tick].set_index("run_id")[col]


def mean_at(runs: pd.DataFrame, col: str, tick: int | None = None) -> float:
    """Mean over runs of ``col`` at ``tick`` (the last kept tick if None)."""
    return float(at(runs, col, tick).mean())


def change(runs: pd.DataFrame, col: str, tick: int | None = None) -> float:
    """Mean over runs of the change in ``col`` from week 0 to ``tick`` (the last if None)."""
    return float((at(runs, col, tick) - at(runs, col, 0)).mean())


def window(runs: pd.DataFrame, col: str, first: int, last: int) -> float:
    """Mean over runs of each run's mean of ``col`` over weeks ``first``..``last``."""
    part = runs[(runs["tick"] >= first) & (runs["tick"] <= last)]
    return float(part.groupby("run_id")[col].mean().mean())


def total(runs: pd.DataFrame, col: str, first: int, last: int) -> float:
    """Mean over runs of each run's sum of ``col`` over weeks ``first``..``last``."""
    part = runs[(runs["tick"] >= first) & (runs["tick"] <= last)]
    return float(part.groupby("run_id")[col].sum().mean())


def gain(new: float, old: float, floor: float = 0.001) -> float:
    """How many times ``old`` the value ``new`` is; the floor keeps empty groups finite (as in
    tests/test_patterns.py)."""
    return (new + floor) / (old + floor)


def kept(runs: pd.DataFrame, col: str, horizon: tuple[int, int], later: tuple[int, int]
         ) -> float:
    """The level of ``col`` in the ``later`` window over its level in the ``horizon`` window;
    0 when nobody took part at the horizon (nothing to keep)."""
    at_horizon = window(runs, col, *horizon)
    return window(runs, col, *later) / at_horizon if at_horizon > 0 else 0.0


def half_time(series: pd.Series) -> int:
    """Week by which a series has made half of its total change (as in test_patterns.py)."""
    moved = (series - series.iloc[0]).abs().to_numpy()
    return int(series.index[np.argmax(moved >= 0.5 * moved[-1])])


# --- A: who is reached and who joins (P1-P4) -------------------------------------------------

LOW_EVER = "ever_participated[low_ses]"
DEFAULT_GROUPS = ("higher_ses", "low_ses_dutch", "low_ses_migration", "newcomers")


def joined_if_reached(runs: pd.DataFrame, group: str) -> float:
    """Share of a subgroup's reached residents who ever joined (ever took part / reached)."""
    reached = mean_at(runs, f"ever_reached[{group}]")
    return mean_at(runs, f"ever_participated[{group}]") / reached if reached > 0 else 0.0


def p1_desk_bound_draws_the_usual_suspects(c: Runs) -> bool:
    """P1 (000 L3709-3713, L3985-4001): desk-bound (bureaublind), after three years the
    higher-SES group is over-represented among participants at least 1.5 times and low SES
    at most 0.7 times (means over replications; the margins of test_mechanisms.py)."""
    desk = c["desk"]
    return (mean_at(desk, "representation[high_ses]") >= 1.5
            and mean_at(desk, "representation[low_ses]") <= 0.7)


def p2_outreach_raises_low_ses_participation(c: Runs) -> bool:
    """P2 (000 L3985-4060; 002 l.1366-1368): with outreach at least 1.2 times as many low-SES
    residents ever take part as desk-bound, after three years."""
    return gain(mean_at(c["outreach"], LOW_EVER), mean_at(c["desk"], LOW_EVER)) >= 1.2


def p2_faces_raise_low_ses_participation(c: Runs) -> bool:
    """P2 (000 L3194-3273, L2660-2662): with familiar faces at least twice as many low-SES
    residents ever take part as desk-bound, after three years."""
    return gain(mean_at(c["faces"], LOW_EVER), mean_at(c["desk"], LOW_EVER)) >= 2.0


def p2_faces_help_most_behind_language_and_distrust(c: Runs) -> bool:
    """P2 (000 L3231-3248; 002 l.1260-1350): the familiar faces' gain over desk-bound (share
    who ever took part) is larger in both groups with a language barrier or low trust
    (migration background, newcomers) than among the low-SES native Dutch."""
    faces, desk = c["faces"], c["desk"]

    def by(group: str) -> float:
        col = f"ever_participated[{group}]"
        return gain(mean_at(faces, col), mean_at(desk, col))

    return min(by("low_ses_migration"), by("newcomers")) > by("low_ses_dutch")


def p3_low_threshold_helps_the_stressed_most(c: Runs) -> bool:
    """P3 (000 L3281-3291, L4215-4221): laagdrempelig vs bureaublind, among residents who
    were reached: the share who joined rises at least 1.2 times among the stressed low-SES
    native Dutch (mean stress 0.55, language like the higher SES), and by more, relative to
    its level, than among the higher SES (stress 0.25). The run outputs are by subgroup, so
    stress is compared between subgroups; the resident-level version is in
    test_mechanisms.py."""
    low, desk = c["low_threshold"], c["desk"]
    stressed = gain(joined_if_reached(low, "low_ses_dutch"),
                    joined_if_reached(desk, "low_ses_dutch"))
    calm = gain(joined_if_reached(low, "higher_ses"), joined_if_reached(desk, "higher_ses"))
    return stressed >= 1.2 and stressed > calm


def p4_tunnel_vision_narrows_reach(c: Runs) -> bool:
    """P4 (000 L3694-3723): tunnelvisie vs outreach, after three years: the Gini of the
    professionals' contacts over residents is at least 0.05 higher and fewer low-SES
    residents have ever been reached."""
    tunnel, out = c["tunnel"], c["outreach"]
    return (mean_at(tunnel, "contact_gini") - mean_at(out, "contact_gini") >= 0.05
            and mean_at(tunnel, "ever_reached[low_ses]") < mean_at(out, "ever_reached[low_ses]"))


def numbers_a(c: Runs) -> dict[str, float]:
    """The measured values the text of group A quotes."""
    out = {f"representation {g} | desk": mean_at(c["desk"], f"representation[{g}]")
           for g in ("high_ses", "low_ses")}
    for name in ("desk", "outreach", "faces", "low_threshold", "tunnel"):
        out[f"low SES ever took part % | {name}"] = 100 * mean_at(c[name], LOW_EVER)
    for g in DEFAULT_GROUPS:
        for name in ("desk", "faces", "low_threshold"):
            out[f"{g} ever took part % | {name}"] = 100 * mean_at(
                c[name], f"ever_participated[{g}]")
            out[f"{g} joined if reached % | {name}"] = 100 * joined_if_reached(c[name], g)
    for name in ("outreach", "tunnel"):
        out[f"contact gini | {name}"] = mean_at(c[name], "contact_gini")
        out[f"low SES never reached % | {name}"] = 100 * (
            1 - mean_at(c[name], "ever_reached[low_ses]"))
    return out


# --- B: health over time (P5-P6) --------------------------------------------------------------


def p5_average_health_rises_while_the_gap_stays_or_widens(c: Runs) -> bool:
    """P5 (000 L160-170, L3765-3798; 002 l.121-127): in the default neighbourhood over six
    years, average health rises and the healthy-life-years gap (proxy) does not narrow by
    more than 0.1 year (means over replications)."""
    runs = c["default"]
    return change(runs, "health") > 0 and mean_at(runs, "hly_gap_change") >= -0.1


def p6_process_moves_in_months_health_in_years(c: Runs) -> bool:
    """P6 (000 L2302-2318; 004 l.1607-1647, 'lange adem'): within half a year at least 15% of
    residents have been reached while health has made under 5% of its six-year change, and
    health (higher SES, where most participants are) makes half its change at least half a
    year after eigen regie does (on the mean series over replications)."""
    runs = c["default"]
    moved = abs(change(runs, "health"))
    early = abs(change(runs, "health", 26))
    series = runs.groupby("tick")[["health[high_ses]", "regie[high_ses]"]].mean()
    return (mean_at(runs, "ever_reached", 26) >= 0.15 and moved > 0 and early < 0.05 * moved
            and half_time(series["health[high_ses]"])
            >= half_time(series["regie[high_ses]"]) + 26)


def numbers_b(c: Runs) -> dict[str, float]:
    """The measured values the text of group B quotes."""
    out = {}
    for name, runs in c.items():
        out[f"health change | {name}"] = change(runs, "health")
        for ses in ("high_ses", "low_ses"):
            out[f"health change {ses} | {name}"] = change(runs, f"health[{ses}]")
        out[f"HLY gap change (years) | {name}"] = mean_at(runs, "hly_gap_change")
    runs = c["default"]
    out["ever reached % at week 26"] = 100 * mean_at(runs, "ever_reached", 26)
    out["health change by week 26 / six-year change"] = (
        change(runs, "health", 26) / change(runs, "health"))
    series = runs.groupby("tick").mean(numeric_only=True)
    for col in ("ever_reached", "regie[high_ses]", "trust[high_ses]", "health[high_ses]",
                "health"):
        out[f"half-time (weeks) {col}"] = half_time(series[col])
    return out


# --- C: dropout, trust and continuity (P7-P8) -------------------------------------------------

C_HORIZON, C_END = 104, 156
AT_HORIZON, YEAR_ON = (C_HORIZON - 9, C_HORIZON), (C_END - 9, C_END)
#: The week Beringen's (and the hybrid's) key professional leaves (scenarios/beringen.toml),
#: and the week read after it: the thirteenth week counting the week of the loss, the last
#: week of the vacancy (``vacancy_weeks`` 13) and the tick tests/test_patterns.py reads.
C_KEY_LOSS = 104
C_KEY_READ = C_KEY_LOSS + 12
KEY_SCENARIOS = ("beringen", "hybrid")  # condition names; "<name>_loss" loses the key person


def p7_no_feedback_means_early_dropout_and_lasting_distrust(c: Runs) -> bool:
    """P7 (000 L3840-3866, L3905-3913; 002 l.1254-1258, l.1839-1841): no feedback and wholly
    unclear expectations vs regular feedback and clear expectations: in the first 39 weeks
    (before activities run) at least one frustrated exit per run and three times as many as
    with feedback; a year after the horizon mean trust has fallen below its start, and below
    where feedback leaves it. The runs give trust for all residents, and only participants'
    trust moves, so the sign is theirs (test_patterns.py measures participants alone)."""
    bad, good = c["unclear"], c["clear"]
    early_bad = total(bad, "exits[frustration]", 1, 39)
    early_good = total(good, "exits[frustration]", 1, 39)
    return (early_bad >= 1 and early_bad >= 3 * early_good
            and change(bad, "trust") < 0 and change(bad, "trust") < change(good, "trust"))


def p8_funding_cliff_collapses_participation(c: Runs) -> bool:
    """P8 (004 l.1974-1979, l.2069-2072): after a two-year funding horizon with nothing
    embedded (structure 0) and no resident organisers, participation a year later is under
    5% of its level at the horizon (the margin of test_patterns.py)."""
    level = window(c["clear"], "participation_rate", *AT_HORIZON)
    return level > 0 and kept(c["clear"], "participation_rate", AT_HORIZON, YEAR_ON) < 0.05


def p8_residents_keep_part_of_it_going(c: Runs) -> bool:
    """P8 (000 L3115-3188, L2709-2719): after the same cliff an existing residents'
    organisation (strength 0.5) keeps at least 10% of the participation at the horizon going
    a year later, and so do active resident organisers."""
    return all(kept(c[name], "participation_rate", AT_HORIZON, YEAR_ON) >= 0.1
               for name in ("organisation", "organisers"))


def kept_through_key_loss(c: Runs, name: str) -> float:
    """Participation in week :data:`C_KEY_READ` in the runs of condition ``name + '_loss'``
    over the same runs (same seeds) of ``name`` without the loss (means over replications);
    NaN when nobody takes part without the loss (nothing to lose, so no check holds)."""
    without = mean_at(c[name], "participation_rate", C_KEY_READ)
    with_loss = mean_at(c[f"{name}_loss"], "participation_rate", C_KEY_READ)
    return with_loss / without if without > 0 else float("nan")


def p8_key_person_loss_collapses_participation(c: Runs) -> bool:
    """P8 (002 l.1673-1681, l.1102-1104; 003 l.561-564): in Beringen, relational and with
    little structure, the longest-serving professional leaves in week 104 and the post stays
    vacant; thirteen weeks on (week 116) participation is under 70% of the same runs (same
    seeds) without the loss, means over replications (the margin of test_patterns.py)."""
    return bool(kept_through_key_loss(c, "beringen") < 0.7)


def p8_structure_absorbs_the_key_person_loss(c: Runs) -> bool:
    """P8 (002 l.1998-2000, l.2034-2036): through the same loss the Genk-Beringen hybrid,
    whose structure holds the participants who came in through a person, keeps a larger share
    of its participation than Beringen (as in test_patterns.py)."""
    return bool(kept_through_key_loss(c, "hybrid") > kept_through_key_loss(c, "beringen"))


def numbers_c(c: Runs) -> dict[str, float]:
    """The measured values the text of group C quotes."""
    out = {}
    for name in ("unclear", "feedback_only", "clarity_only", "clear", "organisation",
                 "organisers"):
        runs = c[name]
        out[f"frustrated exits weeks 1-39 | {name}"] = total(runs, "exits[frustration]", 1, 39)
        out[f"trust change x100, week {C_HORIZON} | {name}"] = 100 * change(runs, "trust",
                                                                             C_HORIZON)
        out[f"trust change x100, week {C_END} | {name}"] = 100 * change(runs, "trust")
        out[f"taking part % at horizon | {name}"] = 100 * window(
            runs, "participation_rate", *AT_HORIZON)
        out[f"kept a year on | {name}"] = kept(runs, "participation_rate", AT_HORIZON,
                                               YEAR_ON)
    for name in KEY_SCENARIOS:
        for cond in (name, f"{name}_loss"):
            runs = c[cond]
            for week in (C_KEY_LOSS - 1, C_KEY_READ):
                out[f"taking part % week {week} | {cond}"] = 100 * mean_at(
                    runs, "participation_rate", week)
            out[f"stopped with the key person per run | {cond}"] = total(
                runs, "exits[key_person]", 0, C_END)
        out[f"kept in week {C_KEY_READ} (with / without the loss) | {name}"] = (
            kept_through_key_loss(c, name))
    return out


# --- D: networks and structure (P9-P10) -----------------------------------------------------

D_HORIZON = 156
D_AT_HORIZON, D_YEAR_ON = (D_HORIZON - 4, D_HORIZON), (D_HORIZON + 48, D_HORIZON + 52)
RIVALS = ("genk", "beringen")


def p9_activities_grow_inside_one_group(c: Runs) -> bool:
    """P9 (000 L1281-1291, L3765-3776, L4322-4326): in GoNoord! after three years the women
    with a migration background, among whom the familiar faces are known and whom the source
    names as the group reached, are over-represented among the participants at least 1.5
    times (where the participants come from one group, it is the source's group)."""
    return mean_at(c["gonoord"], "representation[migrant_women]", 156) >= 1.5


def p9_a_gender_gap_opens_in_low_ses(c: Runs) -> bool:
    """P9 (000 L3750-3798, L4312-4322): in GoNoord! after three years at least three times as
    many migrant women as migrant men ever took part, and within low SES women take part
    more than men (means over replications)."""
    runs = c["gonoord"]
    women = mean_at(runs, "ever_participated[migrant_women]", 156)
    men = mean_at(runs, "ever_participated[migrant_men]", 156)
    return (women > 0 and women >= 3 * men
            and mean_at(runs, "participation_rate[low_ses,female]", 156)
            > mean_at(runs, "participation_rate[low_ses,male]", 156))


def p10_hybrid_reaches_more_low_ses(c: Runs) -> bool:
    """P10 (002 l.1998-2036): by the end of the runs more low-SES residents have ever taken
    part in the Genk-Beringen hybrid than in formal Genk and in relational Beringen."""
    reach = {name: mean_at(c[name], LOW_EVER) for name in ("hybrid", *RIVALS)}
    return reach["hybrid"] > max(reach[r] for r in RIVALS)


def p10_hybrid_keeps_more_after_the_horizon(c: Runs) -> bool:
    """P10 (002 l.1998-2036): a year after the funding horizon (week 156) the hybrid keeps a
    larger part of its low-SES participation at the horizon than Genk and than Beringen."""
    def stays(runs: pd.DataFrame) -> float:
        return kept(runs, "participation_rate[low_ses]", D_AT_HORIZON, D_YEAR_ON)

    return stays(c["hybrid"]) > max(stays(c[r]) for r in RIVALS)


def numbers_d(c: Runs) -> dict[str, float]:
    """The measured values the text of group D quotes."""
    g = c["gonoord"]
    out = {f"gonoord {col} week 156": mean_at(g, col, 156) for col in (
        "representation[migrant_women]", "representation[higher_ses]",
        "representation[migrant_men]", "ever_participated[migrant_women]",
        "ever_participated[migrant_men]", "participation_rate[low_ses,female]",
        "participation_rate[low_ses,male]", "participation_bias")}
    for name in ("hybrid", *RIVALS):
        runs = c[name]
        out[f"low SES ever took part % | {name}"] = 100 * mean_at(runs, LOW_EVER)
        out[f"low SES taking part % at horizon | {name}"] = 100 * window(
            runs, "participation_rate[low_ses]", *D_AT_HORIZON)
        out[f"low SES kept a year on | {name}"] = kept(runs, "participation_rate[low_ses]",
                                                       D_AT_HORIZON, D_YEAR_ON)
    return out


# --- figures --------------------------------------------------------------------------------


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
    """Share of the Latin-hypercube points in which each pattern held."""
    y = np.arange(len(table))[::-1]
    ax.barh(y, 100 * table["share_holding"], color="tab:green", alpha=0.7)
    for yi, share in zip(y, table["share_holding"]):
        ax.annotate(f"{100 * share:.0f}%", (2, yi), va="center", fontsize=9)
    labels = [f"{row.pattern} ({'holds' if row.holds_at_defaults else 'fails'} at defaults)"
              for row in table.itertuples()]
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of sample points in which the pattern holds")
    n = int(table["samples"].iloc[0]) if len(table) else 0
    ax.set_title(f"Robustness: {n} Latin-hypercube points of the\nassumption-only parameters",
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
    ax.set_title("P5 Average health rises, mostly for the higher SES\n(default neighbourhood)",
                 fontsize=10)
    _years(ax, 156)
    ax.legend(fontsize=8)

    ax = axes[0, 1]
    for name, runs in c.items():
        band(ax, runs, "hly_gap_change", {"default": "default neighbourhood"}.get(name, name))
    ax.axhline(0, color="black", lw=0.8)
    ax.set_ylabel("change in the SES gap in healthy life years (proxy, years)")
    ax.set_title("P5 ...while the health gap widens (with familiar faces it narrows\n"
                 "while they work, and widens once the funding ends)", fontsize=10)
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
    ax.set_title("P6 Reach moves within months; mean eigen regie follows participation;\n"
                 "health lags it by years", fontsize=10)
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
    ax.axhline(70, color="grey", ls=":", lw=1)
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
    for col, lab in (("participation_rate[migrant_women]", "migrant women"),
                     ("participation_rate[migrant_men]", "migrant men"),
                     ("participation_rate[low_ses_dutch]", "low SES, native Dutch"),
                     ("participation_rate[higher_ses]", "higher SES")):
        band(ax, g, col, lab, scale=100)
    ax.set_ylabel("% of group taking part")
    ax.set_title("P9 GoNoord! (Leiden): activities grow among migrant women;\n"
                 "the men stay away", fontsize=10)
    _years(ax, 208)
    ax.legend(fontsize=8)

    ax = axes[0, 1]
    band(ax, g, "participation_bias", "participation-bias index (0 = representative)",
         colour="black")
    band(ax, g, "representation[migrant_women]", "representation of migrant women",
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


# --- the groups -----------------------------------------------------------------------------

#: Assumption-only parameters varied for every group, with their band. The registered
#: ranges of join_intercept, contact_capacity, word_of_mouth and leave_base reach values no
#: neighbourhood shows (a 50% weekly chance to join, 200 contacts a week), so their band is
#: narrower and centred on the default, as in experiments/sensitivity.toml.
CORE_BANDS = {
    "join_intercept": (-9.0, -5.0),
    "w_trust": (0.0, 4.0),
    "contact_capacity": (5, 20),
    "w_stress": (1.0, 5.0),
    "word_of_mouth": (0.0, 0.1),
    "leave_base": (0.005, 0.03),
}

GROUPS: dict[str, Group] = {
    "A": Group(
        key="A", title="Who is reached and who joins (P1-P4)",
        description="Who is reached and who joins (patterns P1-P4): the policy archetypes "
                    "bureaublind, outreach, bekende-gezichten, laagdrempelig and tunnelvisie "
                    "for three years each.",
        scenarios=("bureaublind", "outreach", "bekende-gezichten", "laagdrempelig",
                   "tunnelvisie"),
        conditions=(Condition("desk", "bureaublind", "bureaublind"),
                    Condition("outreach", "outreach", "outreach"),
                    Condition("faces", "bekende gezichten", "bekende-gezichten"),
                    Condition("low_threshold", "laagdrempelig", "laagdrempelig"),
                    Condition("tunnel", "tunnelvisie", "tunnelvisie")),
        checks=(Check("P1", "desk-bound work draws the usual suspects",
                      p1_desk_bound_draws_the_usual_suspects),
                Check("P2 outreach", "outreach raises low-SES participation",
                      p2_outreach_raises_low_ses_participation),
                Check("P2 faces", "familiar faces raise low-SES participation",
                      p2_faces_raise_low_ses_participation),
                Check("P2 faces most", "...most in the groups with a language barrier or "
                      "low trust", p2_faces_help_most_behind_language_and_distrust),
                Check("P3", "a low threshold helps the stressed most",
                      p3_low_threshold_helps_the_stressed_most),
                Check("P4", "tunnel vision narrows reach", p4_tunnel_vision_narrows_reach)),
        figure=figure_a, numbers=numbers_a, ticks=156, replications=10, seed=3101,
        bands={**CORE_BANDS, "w_language": (1.0, 5.0), "composition_effect": (0.0, 1.0)},
        columns=tuple(
            [f"{k}[{g}]" for k in ("ever_participated", "ever_reached", "representation")
             for g in (*DEFAULT_GROUPS, "low_ses", "high_ses")]
            + ["contact_gini", "participation_rate", "participation_rate[low_ses]"])),
    "B": Group(
        key="B", title="Health over time (P5-P6)",
        description="Health over time (patterns P5-P6): the default neighbourhood for six "
                    "years, with bekende-gezichten as a contrast.",
        scenarios=("default", "bekende-gezichten"),
        conditions=(Condition("default", "default neighbourhood", "default"),
                    Condition("bekende-gezichten", "bekende-gezichten", "bekende-gezichten",
                              robust=False)),
        checks=(Check("P5", "average health rises while the gap stays or widens",
                      p5_average_health_rises_while_the_gap_stays_or_widens),
                Check("P6", "process outcomes move within months, health after years",
                      p6_process_moves_in_months_health_in_years)),
        figure=figure_b, numbers=numbers_b, ticks=312, replications=10, seed=3102,
        bands={**CORE_BANDS, "health_rate": (0.002, 0.016), "w_health_regie": (0.0, 0.5),
               "w_health_stress": (0.1, 0.6)},
        columns=("health", "health[high_ses]", "health[low_ses]", "hly_gap_change",
                 "ever_reached", "regie[high_ses]", "trust[high_ses]", "participation_rate")),
    "C": Group(
        key="C", title="Dropout, trust and continuity (P7-P8)",
        description="Dropout, trust and continuity (patterns P7-P8): feedback and clarity of "
                    "expectations, an existing residents' organisation and resident "
                    "organisers, in a neighbourhood of 1,500 with two years of funding and "
                    "nothing embedded, three years each. The loss of the key professional is "
                    "run in sweeps of its own: Beringen and the Genk-Beringen hybrid as they "
                    "stand, with and without that loss in week 104, with the same seeds.",
        scenarios=("default",),
        grid={"feedback_rate": [0.0, 0.5], "expectation_clarity": [0.0, 1.0],
              "residents_organisation": [0.0, 0.5], "organiser_rate": [0.0, 0.05]},
        fixed={"n_residents": 1500, "funding_weeks": C_HORIZON, "structure": 0.0,
               "organiser_carries": 10.0},
        conditions=(
            Condition("unclear", "no feedback, unclear", set={
                "feedback_rate": 0.0, "expectation_clarity": 0.0}),
            Condition("feedback_only", "feedback only", robust=False, set={
                "feedback_rate": 0.5, "expectation_clarity": 0.0}),
            Condition("clarity_only", "clarity only", robust=False, set={
                "feedback_rate": 0.0, "expectation_clarity": 1.0}),
            Condition("clear", "feedback and clear (the cliff)", set={
                "feedback_rate": 0.5, "expectation_clarity": 1.0}),
            Condition("organisation", "+ residents' organisation", set={
                "feedback_rate": 0.5, "expectation_clarity": 1.0,
                "residents_organisation": 0.5}),
            Condition("organisers", "+ resident organisers", set={
                "feedback_rate": 0.5, "expectation_clarity": 1.0, "organiser_rate": 0.05}),
            *(Condition(f"{name}{suffix}", f"{label}{what}", scenario, own_sweep=True,
                        set={"key_person_leaves_at": week}, ticks=C_KEY_READ)
              for name, label, scenario in (
                  ("beringen", "Beringen", "beringen"),
                  ("hybrid", "Genk-Beringen hybrid", "genk-beringen-hybrid"))
              for suffix, what, week in (("", ", no loss", -1),
                                         ("_loss", ", key professional leaves", C_KEY_LOSS)))),
        checks=(Check("P7", "no feedback, unclear expectations: early dropout, lasting "
                      "distrust", p7_no_feedback_means_early_dropout_and_lasting_distrust),
                Check("P8 cliff", "the funding cliff collapses participation",
                      p8_funding_cliff_collapses_participation),
                Check("P8 carried", "a residents' organisation or organisers keep part",
                      p8_residents_keep_part_of_it_going),
                Check("P8 key person", "in Beringen, losing the key professional cuts "
                      "participation", p8_key_person_loss_collapses_participation),
                Check("P8 structure", "...and the hybrid's structure keeps more of it",
                      p8_structure_absorbs_the_key_person_loss)),
        figure=figure_c, numbers=numbers_c, ticks=C_END, replications=5, seed=3103,
        bands={**CORE_BANDS, "leave_stress": (0.0, 0.15),
               "broken_promise_frustration": (0.1, 0.6), "organiser_carries": (3.0, 15.0)},
        columns=("participation_rate", "participation_rate[low_ses]", "trust",
                 "exits[frustration]", "exits[stress]", "exits[no_activity]",
                 "exits[key_person]", "ever_participated")),
    "D": Group(
        key="D", title="Networks and structure (P9-P10)",
        description="Networks and structure (patterns P9-P10): GoNoord! (Leiden), Genk, "
                    "Beringen and the Genk-Beringen hybrid over six years.",
        scenarios=("gonoord-leiden", "genk", "beringen", "genk-beringen-hybrid"),
        conditions=(Condition("gonoord", "GoNoord!", "gonoord-leiden", ticks=156),
                    Condition("genk", "Genk", "genk"),
                    Condition("beringen", "Beringen", "beringen"),
                    Condition("hybrid", "Genk-Beringen hybrid", "genk-beringen-hybrid")),
        checks=(Check("P9 one group", "activities grow inside one group (migrant women)",
                      p9_activities_grow_inside_one_group),
                Check("P9 gender gap", "a gender gap opens inside low SES",
                      p9_a_gender_gap_opens_in_low_ses),
                Check("P10 reach", "the hybrid reaches more low-SES residents than both",
                      p10_hybrid_reaches_more_low_ses),
                Check("P10 stability", "the hybrid keeps more after the horizon than both",
                      p10_hybrid_keeps_more_after_the_horizon)),
        figure=figure_d, numbers=numbers_d, ticks=312, replications=10, seed=3104,
        bands={**CORE_BANDS, "homophily": (0.5, 0.95), "gender_homophily": (0.2, 0.8),
               "composition_effect": (0.0, 1.0), "gender_composition_effect": (0.0, 1.0)}),
}

#: The reduced form for tests: a small neighbourhood, one replication, three sample points.
QUICK = {"n_residents": 300, "replications": 1, "samples": 3, "sample_reps": 1}


def quick(group: Group) -> Group:
    """The same experiment, small: 300 residents, one replication, three sample points."""
    small = {"n_residents": QUICK["n_residents"]}
    conditions = tuple(replace(c, set={**c.set, **small}) if c.own_sweep else c
                       for c in group.conditions)
    return replace(group, fixed={**group.fixed, **small}, conditions=conditions,
                   replications=QUICK["replications"], samples=QUICK["samples"],
                   sample_reps=QUICK["sample_reps"])


# --- sweep files ----------------------------------------------------------------------------


def sweep_text(name: str, description: str, head: dict[str, Any],
               tables: dict[str, dict[str, Any]]) -> str:
    """A sweep file: a comment, the name, the description, top-level keys, then tables."""
    doc = {"name": name, "description": textwrap.fill(description, 92) + "\n", **head,
           **{table: values for table, values in tables.items() if values}}
    return ("# Written by experiments/findings.py (edit it there); docs/findings.md says\n"
            "# what it shows.\n" + tomli_w.dumps(doc, multiline_strings=True))


def outputs(group: Group) -> dict[str, Any]:
    """What every sweep of a group keeps: whole series, of the group's columns if it names
    them."""
    return {"keep": "series", **({"columns": list(group.columns)} if group.columns else {})}


def figure_sweep_text(group: Group) -> str:
    """The sweep file of a group's figure experiment."""
    scen = list(group.scenarios)
    head = {"scenario": scen[0] if len(scen) == 1 else scen,
            "replications": group.replications, "ticks": group.ticks, "seed": group.seed}
    return sweep_text(group.slug, group.description, head,
                      {"parameters": group.grid, "set": group.fixed, "outputs": outputs(group)})


def robustness_name(group: Group, cond: Condition) -> str:
    """The name (and file stem) of a condition's Latin-hypercube sweep, and of its figure
    sweep if it has one of its own (the two live in different folders)."""
    return f"{group.slug}-{cond.name.replace('_', '-')}"


def condition_values(group: Group, cond: Condition) -> dict[str, Any]:
    """What a condition sets on top of its scenario: the group's first grid values and fixed
    values, then its own; an own-sweep condition sets only its own."""
    if cond.own_sweep:
        return dict(cond.set)
    grid = {k: values[0] for k, values in group.grid.items()}  # as in the figure sweep
    return {**grid, **group.fixed, **cond.set}


def own_sweep_text(group: Group, cond: Condition) -> str:
    """The figure sweep of an own-sweep condition: its scenario, its values, and the group's
    replications, run length and root seed (so own-sweep conditions share their seeds)."""
    head = {"scenario": cond.scenario, "replications": group.replications,
            "ticks": group.ticks, "seed": group.seed}
    desc = (f"Group {group.key} ({group.title}), condition '{cond.label}': the scenario "
            f"{cond.scenario} as it stands with the values below; its runs have the same "
            f"seeds as those of the group's other conditions with a sweep of their own.")
    return sweep_text(robustness_name(group, cond), desc, head,
                      {"set": condition_values(group, cond), "outputs": outputs(group)})


def robustness_sweep_text(group: Group, cond: Condition) -> str:
    """The Latin-hypercube sweep of one condition. Every condition of a group has the same
    bands and root seed, so the sample points and the runs' seeds are the same."""
    fixed = {k: v for k, v in condition_values(group, cond).items()
             if k not in group.bands}  # a varied parameter is varied, not fixed
    head = {"scenario": cond.scenario, "replications": group.sample_reps,
            "ticks": cond.ticks or group.ticks, "seed": group.seed + 100}
    desc = (f"Robustness of group {group.key} ({group.title}), condition '{cond.label}': "
            f"a Latin hypercube of the assumption-only parameters.")
    return sweep_text(robustness_name(group, cond), desc, head,
                      {"design": {"method": "lhs", "samples": group.samples},
                       "parameters": {k: list(v) for k, v in group.bands.items()},
                       "set": fixed, "outputs": outputs(group)})


def write_if_changed(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` unless it already holds it (a sweep's fingerprint is its
    text, so an unchanged file keeps its results folder resumable)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def run(path: Path, folder: Path, workers: int) -> pd.DataFrame:
    """Run a sweep file into ``folder`` (skipping finished runs) and return its rows."""
    counts = batch.run_sweep(sweep.load_sweep(path), folder, workers=workers,
                             progress=sys.stderr.isatty())
    if counts["failed"]:
        raise RuntimeError(f"{counts['failed']} run(s) of {path.name} failed; see "
                           f"{folder / 'failed'}")
    print(f"    {path.name}: {counts['done']} run(s) made, {counts['skipped']} already done",
          flush=True)
    rows, _, _ = batch.load_results(folder)
    return rows


# --- conditions from runs -------------------------------------------------------------------


def figure_conditions(group: Group, rows: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The runs of each condition in the figure sweep: the design point whose scenario and
    swept values are the condition's (unswept keys at their first grid value). Own-sweep
    conditions are not in it."""
    out = {}
    for cond in group.conditions:
        if cond.own_sweep:
            continue
        want = {k: cond.set.get(k, values[0]) for k, values in group.grid.items()}
        mask = rows["scenario"] == cond.scenario
        for k, v in want.items():
            mask &= np.isclose(rows[k].astype(float), float(v))
        picked = rows[mask]
        if picked["point"].nunique() != 1:
            raise ValueError(f"condition '{cond.name}' matches {picked['point'].nunique()} "
                             "design points of the figure sweep")
        out[cond.name] = picked
    return out


def sample_conditions(tables: dict[str, pd.DataFrame]) -> dict[int, dict[str, pd.DataFrame]]:
    """Per Latin-hypercube point, the runs of each condition at that point."""
    points = sorted(set.intersection(*(set(t["point"].unique()) for t in tables.values())))
    by_point = {name: dict(tuple(t.groupby("point"))) for name, t in tables.items()}
    return {p: {name: by_point[name][p] for name in tables} for p in points}


def evaluate(checks: tuple[Check, ...], conds: Runs) -> dict[str, bool]:
    """Whether each pattern holds in these runs."""
    return {c.pattern: bool(c.holds(conds)) for c in checks}


#: Fewest sample points on each side (held, failed) to say which parameter a failure
#: depends on; with one or two failures the answer would name whatever is extreme there.
MIN_SIDE = 3


def depends_most_on(samples: pd.DataFrame, pattern: str, bands: dict) -> tuple[str, str, float]:
    """The varied parameter whose values differ most between the sample points where the
    pattern failed and where it held: its name, where the failures lie ('high' or 'low')
    and the difference of the means, as a share of the band. Empty when fewer than
    :data:`MIN_SIDE` points held or failed."""
    held = samples[pattern].astype(bool)
    if min(held.sum(), (~held).sum()) < MIN_SIDE:
        return "", "", float("nan")
    diffs = {}
    for name, (lo, hi) in bands.items():
        scaled = (samples[name].astype(float) - lo) / (hi - lo)
        diffs[name] = scaled[~held].mean() - scaled[held].mean()
    name = max(diffs, key=lambda k: abs(diffs[k]))
    return name, "high" if diffs[name] > 0 else "low", float(diffs[name])


def robustness_table(group: Group, samples: pd.DataFrame, defaults: dict[str, bool]
                     ) -> pd.DataFrame:
    """One row per pattern: does it hold at the defaults, in what share of sample points,
    and on which parameter it depends most when it fails."""
    rows = []
    for check in group.checks:
        name, where, diff = depends_most_on(samples, check.pattern, group.bands)
        held = int(samples[check.pattern].sum())
        rows.append({"group": group.key, "pattern": check.pattern, "claim": check.claim,
                     "holds_at_defaults": defaults[check.pattern],
                     "share_holding": float(samples[check.pattern].mean()),
                     "samples": len(samples), "held": held,
                     "fails_most_at": _failure_note(name, where, held, len(samples)),
                     "difference_in_band_share": round(diff, 3)})
    return pd.DataFrame(rows)


def _failure_note(name: str, where: str, held: int, n: int) -> str:
    """Where a pattern fails, in words: 'high w_stress', or why that cannot be said."""
    if name:
        return f"{where} {name}"
    if held == n:
        return ""
    if held == 0:
        return "fails everywhere"
    return "too few failures to say" if held > n - held else "too few successes to say"


# --- one group, end to end ----------------------------------------------------------------


@dataclass(frozen=True)
class Paths:
    """Where sweep files, results and figures go."""

    specs: Path
    results: Path
    figures: Path

    @classmethod
    def of(cls, out: str | None, is_quick: bool) -> Paths:
        if out is None and not is_quick:
            return cls(ROOT / "experiments" / "findings", ROOT / "results",
                       ROOT / "docs" / "img" / "findings")
        base = Path(out) if out else ROOT / "results" / "findings-quick"
        return cls(base / "specs", base / "results", base / "img")


def own_sweeps(group: Group, paths: Paths, workers: int) -> dict[str, pd.DataFrame]:
    """Run the figure sweep of every own-sweep condition (into
    ``results/<slug>-scenarios/``) and return each one's runs."""
    folder = paths.results / f"{group.slug}-scenarios"
    out = {}
    for cond in group.conditions:
        if cond.own_sweep:
            spec = write_if_changed(folder / f"{robustness_name(group, cond)}.toml",
                                    own_sweep_text(group, cond))
            out[cond.name] = run(spec, folder / cond.name, workers)
    return out


def robustness(group: Group, paths: Paths, workers: int) -> pd.DataFrame:
    """Run every robust condition over the Latin hypercube; one row per sample point with
    its parameter values and whether each pattern held."""
    folder = paths.results / f"{group.slug}-robustness"
    tables = {}
    for cond in group.conditions:
        if cond.robust:
            spec = write_if_changed(folder / f"{robustness_name(group, cond)}.toml",
                                    robustness_sweep_text(group, cond))
            tables[cond.name] = run(spec, folder / cond.name, workers)
    rows = []
    for point, conds in sample_conditions(tables).items():
        first = next(iter(conds.values())).iloc[0]
        rows.append({"point": point, **{k: first[k] for k in group.bands},
                     **evaluate(group.checks, conds)})
    samples = pd.DataFrame(rows)
    samples.to_csv(folder / "samples.csv", index=False)
    return samples


def run_group(group: Group, paths: Paths, workers: int) -> dict[str, Any]:
    """The group's experiment, figure, checks and robustness table; returns what it wrote."""
    start = time.perf_counter()
    print(f"[{group.key}] {group.title}: figure experiment ...", flush=True)
    spec = write_if_changed(paths.specs / f"{group.slug}.toml", figure_sweep_text(group))
    found = figure_conditions(group, run(spec, paths.results / group.slug, workers))
    found.update(own_sweeps(group, paths, workers))
    conds = {cond.name: found[cond.name] for cond in group.conditions}
    defaults = evaluate(group.checks, conds)
    print(f"[{group.key}] robustness over {group.samples} Latin-hypercube points x "
          f"{group.sample_reps} replications ...", flush=True)
    samples = robustness(group, paths, workers)
    table = robustness_table(group, samples, defaults)
    paths.figures.mkdir(parents=True, exist_ok=True)
    figure = paths.figures / f"{group.key}.png"
    group.figure(conds, table).savefig(figure, dpi=110)
    plt.close("all")
    csv = paths.figures / f"{group.key}-robustness.csv"
    table.to_csv(csv, index=False)
    numbers = pd.Series(group.numbers(conds), name="value")
    numbers.to_csv(paths.results / group.slug / "numbers.csv", index_label="quantity")
    seconds = time.perf_counter() - start
    print(table.drop(columns=["group", "claim"]).to_string(index=False))
    print(numbers.round(4).to_string())
    print(f"[{group.key}] done in {seconds:.0f} s: figure {figure}, robustness table {csv}",
          flush=True)
    return {"group": group.key, "figure": figure, "csv": csv, "seconds": seconds,
            "table": table, "defaults": defaults}


def bands_table(groups: list[Group]) -> pd.DataFrame:
    """The varied parameters: band, registered range, default and source note."""
    info = {row["name"]: row for row in parameter_table()}
    names = list(dict.fromkeys(k for g in groups for k in g.bands))
    return pd.DataFrame([{"parameter": k, "band": "-".join(str(v) for v in next(
        g.bands[k] for g in groups if k in g.bands)), "groups": "".join(
        g.key for g in groups if k in g.bands), "registered": f"{info[k]['min']}-{info[k]['max']}",
        "default": info[k]["default"], "source": info[k]["source"]} for k in names])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("groups", nargs="*", default=["all"], metavar="GROUP",
                        help="A, B, C, D or all (default: all)")
    parser.add_argument("--quick", action="store_true",
                        help="small and fast: 300 residents, 1 replication, 3 sample points")
    parser.add_argument("--out", help="folder for sweep files, results and figures (default: "
                        "experiments/findings, results, docs/img/findings)")
    parser.add_argument("--workers", type=int, default=1, help="local worker processes")
    args = parser.parse_args(argv)
    keys = [k.upper() for k in args.groups]
    if "ALL" in keys:
        keys = list(GROUPS)
    unknown = [k for k in keys if k not in GROUPS]
    if unknown:
        parser.error(f"unknown group(s) {unknown}; choose from A, B, C, D or all")
    paths = Paths.of(args.out, args.quick)
    groups = [quick(GROUPS[k]) if args.quick else GROUPS[k] for k in keys]
    start = time.perf_counter()
    done = [run_group(g, paths, args.workers) for g in groups]
    print("\nVaried parameters (band; registered range; default; source):")
    print(bands_table(groups).to_string(index=False))
    print(f"\n{len(done)} group(s) in {time.perf_counter() - start:.0f} s; figures: "
          + ", ".join(str(d["figure"]) for d in done))
    return 0


if __name__ == "__main__":
    sys.exit(main())
