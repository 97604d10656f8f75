"""The pattern groups A-D: the conditions each runs, the checks it makes and the numbers its
text quotes.

A check reads the runs of a group's conditions and hands them to the criterion of its
pattern in ``patterns.py`` (the one the replicated tests call too); what is compared, at
which week, lives here, what must hold and by how much, there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from experiments.findings import patterns
from experiments.findings.runs import (Runs, at, change, mean_at, over, since_start, summed,
                                       total, window)

# --- what a group is ------------------------------------------------------------------------


@dataclass(frozen=True)
class Condition:
    """One situation a pattern compares: a scenario plus parameters set on top of it.

    ``set`` names values of the group's grid (if any) and extra fixed values; ``robust``
    says whether the condition is also run in the posterior's draws (conditions only drawn
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
    """A pattern group: its experiment, its conditions, its checks and the numbers its text
    quotes (its figure is drawn by ``figures.py``)."""

    key: str
    title: str
    description: str
    scenarios: tuple[str, ...]
    conditions: tuple[Condition, ...]
    checks: tuple[Check, ...]
    numbers: Callable[[Runs], dict[str, float]]
    ticks: int
    replications: int
    seed: int
    grid: dict[str, list] = field(default_factory=dict)
    fixed: dict[str, Any] = field(default_factory=dict)
    columns: tuple[str, ...] | None = None  # None: every column (scenarios differ)
    samples: int = 20  # posterior draws of the robustness check
    sample_reps: int = 3
    posterior: str = "main"  # the calibration's posterior the draws come from

    @property
    def slug(self) -> str:
        return f"findings-{self.key.lower()}"


def kept(runs: pd.DataFrame, col: str, horizon: tuple[int, int], later: tuple[int, int]
         ) -> float:
    """The level of ``col`` in the ``later`` window over its level in the ``horizon`` window
    (:func:`patterns.kept`)."""
    return patterns.kept(over(runs, col, *horizon), over(runs, col, *later))


# --- A: who is reached and who joins (P1-P4) -------------------------------------------------

LOW_EVER = "ever_participated[low_ses]"
DEFAULT_GROUPS = ("higher_ses", "low_ses_dutch", "low_ses_migration", "newcomers")


def joined_if_reached(runs: pd.DataFrame, group: str) -> float:
    """Share of a subgroup's reached residents who ever joined (ever took part / reached)."""
    reached = mean_at(runs, f"ever_reached[{group}]")
    return mean_at(runs, f"ever_participated[{group}]") / reached if reached > 0 else 0.0


def p1_desk_bound_draws_the_usual_suspects(c: Runs) -> bool:
    """P1: desk-bound (bureaublind), after three years."""
    desk = c["desk"]
    return patterns.desk_bound_draws_the_usual_suspects(
        at(desk, "representation[high_ses]"), at(desk, "representation[low_ses]"))


def p2_outreach_raises_low_ses_participation(c: Runs) -> bool:
    """P2: outreach against bureaublind, after three years."""
    return patterns.raises_low_ses_participation(
        at(c["outreach"], LOW_EVER), at(c["desk"], LOW_EVER),
        patterns.OUTREACH_GAIN_ACROSS_ASSUMPTIONS)


def p2_faces_raise_low_ses_participation(c: Runs) -> bool:
    """P2: bekende gezichten against bureaublind, after three years."""
    return patterns.raises_low_ses_participation(
        at(c["faces"], LOW_EVER), at(c["desk"], LOW_EVER),
        patterns.FACES_GAIN_ACROSS_ASSUMPTIONS)


def p2_faces_help_most_behind_language_and_distrust(c: Runs) -> bool:
    """P2: bekende gezichten against bureaublind, by subgroup, after three years."""
    groups = ("low_ses_migration", "newcomers", "low_ses_dutch")

    def ever(runs: pd.DataFrame) -> dict[str, pd.Series]:
        return {g: at(runs, f"ever_participated[{g}]") for g in groups}

    return patterns.faces_help_most_behind_language_and_distrust(ever(c["faces"]),
                                                                 ever(c["desk"]))


def p3_low_threshold_helps_the_stressed_most(c: Runs) -> bool:
    """P3: laagdrempelig against bureaublind, among reached residents: the stressed low-SES
    native Dutch (mean stress 0.55, language like the higher SES) against the higher SES
    (stress 0.25). The run outputs are by subgroup, so stress is compared between subgroups;
    the resident-level version is in test_mechanisms.py."""
    low, desk = c["low_threshold"], c["desk"]
    return patterns.low_threshold_helps_the_stressed_subgroup_most(
        joined_if_reached(low, "low_ses_dutch"), joined_if_reached(desk, "low_ses_dutch"),
        joined_if_reached(low, "higher_ses"), joined_if_reached(desk, "higher_ses"))


def p4_tunnel_vision_narrows_reach(c: Runs) -> bool:
    """P4: tunnelvisie against outreach, after three years."""
    tunnel, out = c["tunnel"], c["outreach"]
    return patterns.tunnel_vision_narrows_reach(
        at(tunnel, "contact_gini"), at(out, "contact_gini"),
        at(tunnel, "ever_reached[low_ses]"), at(out, "ever_reached[low_ses]"))


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
        out[f"higher_ses ever took part % | {name}"] = 100 * mean_at(
            c[name], "ever_participated[higher_ses]")
    for name in ("desk", "outreach", "faces", "low_threshold", "tunnel"):
        out[f"low SES never reached % | {name}"] = 100 * (
            1 - mean_at(c[name], "ever_reached[low_ses]"))
        out[f"low SES joined if reached % | {name}"] = 100 * joined_if_reached(c[name], "low_ses")
        if name != "desk":
            for g in ("high_ses", "low_ses"):
                out[f"representation {g} | {name}"] = mean_at(c[name], f"representation[{g}]")
    return out



# --- B: health over time (P5-P6) --------------------------------------------------------------


def p5_average_health_rises_while_the_gap_stays_or_widens(c: Runs) -> bool:
    """P5: the default neighbourhood over six years."""
    runs = c["default"]
    return patterns.health_rises_while_the_gap_stays_or_widens(
        since_start(runs, "health"), at(runs, "hly_gap_change"))


def p6_process_moves_in_months_health_in_years(c: Runs) -> bool:
    """P6: the default neighbourhood over six years; half-times on the mean series over
    replications."""
    runs = c["default"]
    series = runs.groupby("tick")[["health[high_ses]", "ever_reached"]].mean()
    return patterns.process_moves_in_months_health_in_years(
        at(runs, "ever_reached", 26), since_start(runs, "health", 26),
        since_start(runs, "health"), patterns.half_time(series["health[high_ses]"]),
        patterns.half_time(series["ever_reached"]))


def numbers_b(c: Runs) -> dict[str, float]:
    """The measured values the text of group B quotes."""
    out = {}
    for name, runs in c.items():
        out[f"health change | {name}"] = change(runs, "health")
        for ses in ("high_ses", "low_ses"):
            out[f"health change {ses} | {name}"] = change(runs, f"health[{ses}]")
        out[f"HLY gap change (years) | {name}"] = mean_at(runs, "hly_gap_change")
        gap = runs.groupby("tick")["hly_gap_change"].mean()
        out[f"HLY gap change (years), week 156 | {name}"] = float(gap[156])
        out[f"HLY gap change (years), lowest | {name}"] = float(gap.min())
        out[f"HLY gap change, week of the lowest | {name}"] = int(gap.idxmin())
        for week in (156, 312):
            out[f"taking part % week {week} | {name}"] = 100 * mean_at(
                runs, "participation_rate", week)
    runs = c["default"]
    out["ever reached % at week 26"] = 100 * mean_at(runs, "ever_reached", 26)
    out["health change by week 26 / six-year change"] = (
        change(runs, "health", 26) / change(runs, "health"))
    series = runs.groupby("tick").mean(numeric_only=True)
    for col in ("ever_reached", "regie[high_ses]", "trust[high_ses]", "health[high_ses]",
                "health[low_ses]", "health"):
        out[f"half-time (weeks) {col}"] = patterns.half_time(series[col])
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
    """P7: no feedback and wholly unclear expectations against regular feedback and clear
    expectations: frustrated exits in the first 39 weeks (before activities run), and trust
    a year after the horizon. The runs give trust for all residents, and only participants'
    trust moves, so the sign is theirs (test_patterns.py measures participants alone)."""
    bad, good = c["unclear"], c["clear"]
    return (patterns.no_feedback_means_early_dropout(summed(bad, "exits[frustration]", 1, 39),
                                                     summed(good, "exits[frustration]", 1, 39))
            and patterns.distrust_lasts(since_start(bad, "trust"), since_start(good, "trust"),
                                        patterns.TRUST_BELOW_FEEDBACK_ALL_RESIDENTS))


def p8_funding_cliff_collapses_participation(c: Runs) -> bool:
    """P8: a two-year funding horizon with nothing embedded (structure 0) and no resident
    organisers, participation at the horizon and a year on."""
    runs = c["clear"]
    return patterns.funding_cliff_collapses_participation(
        over(runs, "participation_rate", *AT_HORIZON),
        over(runs, "participation_rate", *YEAR_ON))


def p8_residents_keep_part_of_it_going(c: Runs) -> bool:
    """P8: after the same cliff, an existing residents' organisation (strength 0.5) and
    active resident organisers."""
    return all(patterns.residents_keep_part_going(
        over(c[name], "participation_rate", *AT_HORIZON),
        over(c[name], "participation_rate", *YEAR_ON), at_least)
        for name, at_least in (("organisation", patterns.ORGANISATION_KEEPS),
                               ("organisers", patterns.ORGANISERS_KEEP_ACROSS_ASSUMPTIONS)))


def kept_through_key_loss(c: Runs, name: str) -> float:
    """Participation in week :data:`C_KEY_READ` in the runs of condition ``name + '_loss'``
    over the same runs (same seeds) of ``name`` without the loss."""
    return patterns.kept_through_key_loss(
        at(c[f"{name}_loss"], "participation_rate", C_KEY_READ),
        at(c[name], "participation_rate", C_KEY_READ))


def p8_key_person_loss_collapses_participation(c: Runs) -> bool:
    """P8: Beringen, relational and with little structure; the longest-serving professional
    leaves in week 104 and the post stays vacant; read thirteen weeks on (week 116)."""
    return patterns.key_person_loss_collapses_participation(
        at(c["beringen_loss"], "participation_rate", C_KEY_READ),
        at(c["beringen"], "participation_rate", C_KEY_READ))


def p8_structure_absorbs_the_key_person_loss(c: Runs) -> bool:
    """P8: the Genk-Beringen hybrid, whose structure holds the participants who came in
    through a person, against Beringen, through the same loss."""
    return patterns.structure_absorbs_the_key_person_loss(kept_through_key_loss(c, "hybrid"),
                                                          kept_through_key_loss(c, "beringen"))


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
            for week in (C_KEY_LOSS - 1, C_KEY_LOSS, C_KEY_READ):
                out[f"taking part % week {week} | {cond}"] = 100 * mean_at(
                    runs, "participation_rate", week)
            out[f"stopped with the key person per run | {cond}"] = total(
                runs, "exits[key_person]", 0, C_END)
        out[f"kept in week {C_KEY_READ} (with / without the loss) | {name}"] = (
            kept_through_key_loss(c, name))
        for week in (C_KEY_LOSS, C_END):
            out[f"kept in week {week} (with / without the loss) | {name}"] = (
                patterns.kept_through_key_loss(
                    at(c[f"{name}_loss"], "participation_rate", week),
                    at(c[name], "participation_rate", week)))
    return out



# --- D: networks and structure (P9-P10) -----------------------------------------------------

D_HORIZON = 156
D_AT_HORIZON, D_YEAR_ON = (D_HORIZON - 4, D_HORIZON), (D_HORIZON + 48, D_HORIZON + 52)
RIVALS = ("genk", "beringen")


def p9_activities_grow_inside_one_group(c: Runs) -> bool:
    """P9: GoNoord! after three years; the familiar faces are known among the residents with
    a migration background (the group the source names), against the native Dutch."""
    return patterns.activities_grow_inside_one_group(
        at(c["gonoord"], "representation[migration_background]", 156),
        at(c["gonoord"], "representation[low_ses_dutch]", 156))


def p9_a_gender_gap_opens_in_low_ses(c: Runs) -> bool:
    """P9: GoNoord! after three years."""
    runs = c["gonoord"]
    return (patterns.women_take_part_far_more_than_men(
                at(runs, "ever_participated[low_ses,female]", 156),
                at(runs, "ever_participated[low_ses,male]", 156))
            and patterns.low_ses_women_take_part_more(
                at(runs, "participation_rate[low_ses,female]", 156),
                at(runs, "participation_rate[low_ses,male]", 156)))


def p10_hybrid_reaches_more_low_ses(c: Runs) -> bool:
    """P10: by the end of the runs (six years)."""
    return patterns.hybrid_reaches_more_low_ses(*(at(c[name], LOW_EVER)
                                                  for name in ("hybrid", *RIVALS)))


def p10_hybrid_keeps_more_after_the_horizon(c: Runs) -> bool:
    """P10: a year after the funding horizon (week 156) against the horizon."""
    return patterns.hybrid_keeps_more_after_the_horizon(*(
        kept(c[name], "participation_rate[low_ses]", D_AT_HORIZON, D_YEAR_ON)
        for name in ("hybrid", *RIVALS)))


def numbers_d(c: Runs) -> dict[str, float]:
    """The measured values the text of group D quotes."""
    g = c["gonoord"]
    out = {f"gonoord {col} week 156": mean_at(g, col, 156) for col in (
        "representation[migration_background]", "representation[higher_ses]",
        "representation[low_ses_dutch]", "ever_participated[low_ses,female]",
        "ever_participated[low_ses,male]", "participation_rate[low_ses,female]",
        "participation_rate[low_ses,male]", "participation_bias")}
    for week in (52, 208, 312):
        for col in ("representation[migration_background]",
                    "participation_rate[low_ses,female]", "participation_rate[low_ses,male]",
                    "participation_rate[higher_ses]"):
            out[f"gonoord {col} week {week}"] = mean_at(g, col, week)
    for name in ("hybrid", *RIVALS):
        runs = c[name]
        out[f"low SES ever took part % | {name}"] = 100 * mean_at(runs, LOW_EVER)
        out[f"low SES taking part % at horizon | {name}"] = 100 * window(
            runs, "participation_rate[low_ses]", *D_AT_HORIZON)
        out[f"low SES kept a year on | {name}"] = kept(runs, "participation_rate[low_ses]",
                                                       D_AT_HORIZON, D_YEAR_ON)
        out[f"low SES taking part % a year on | {name}"] = 100 * window(
            runs, "participation_rate[low_ses]", *D_YEAR_ON)
        for week in (103, 104, D_HORIZON):
            out[f"low SES taking part % week {week} | {name}"] = 100 * mean_at(
                runs, "participation_rate[low_ses]", week)
    return out



# --- the groups -----------------------------------------------------------------------------

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
        numbers=numbers_a, ticks=156, replications=10, seed=3101,
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
        numbers=numbers_b, ticks=312, replications=10, seed=3102,
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
        numbers=numbers_c, ticks=C_END, replications=5, seed=3103,
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
        checks=(Check("P9 one group", "activities grow inside one group (migration background)",
                      p9_activities_grow_inside_one_group),
                Check("P9 gender gap", "a gender gap opens inside low SES",
                      p9_a_gender_gap_opens_in_low_ses),
                Check("P10 reach", "the hybrid reaches more low-SES residents than both",
                      p10_hybrid_reaches_more_low_ses),
                Check("P10 stability", "the hybrid keeps more after the horizon than both",
                      p10_hybrid_keeps_more_after_the_horizon)),
        numbers=numbers_d, ticks=312, replications=10, seed=3104),
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

