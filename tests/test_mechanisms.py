"""Each participation mechanism (M1-M5) moves outcomes in the direction the sources give.

Directions are tested over replications (seeds 0-9) of a 1,000-resident neighbourhood; each
test states the margin it requires between the mean outcomes. Where a test is one of the
patterns P1-P10, its criterion and margin are those of experiments/findings/patterns.py,
which the reproduced findings call too.
"""

from __future__ import annotations

import numpy as np

from conftest import REPLICATIONS, replicate, run
from experiments.findings import patterns
from sim.population import Channel, State

N = {"n_residents": 1000}


def test_more_outreach_reaches_more_low_ses_residents():
    """M1 (000 L3985-4060): outreach 0.8 vs 0: low-SES ever reached after a year rises by
    at least 5 percentage points on average, and in at least 8 of 10 paired seeds."""
    low = replicate("ever_reached[low_ses]", 52, outreach=0.0, **N)
    high = replicate("ever_reached[low_ses]", 52, outreach=0.8, **N)
    assert high.mean() - low.mean() >= 0.05
    assert (high > low).sum() >= 8


def test_without_outreach_participants_over_represent_higher_ses():
    """P1 (000 L3709-3713, L3985-4001): desk-bound, no familiar faces, after two years the
    higher-SES group is over-represented at least 1.5 times and low SES under 0.7, averaged
    over 10 replications."""
    params = dict(outreach=0.0, n_bekende_gezichten=0, **N)
    high = replicate("representation[high_ses]", 104, **params)
    low = replicate("representation[low_ses]", 104, **params)
    assert patterns.desk_bound_draws_the_usual_suspects(high, low), (high.mean(), low.mean())


def test_bekend_gezicht_raises_awareness_only_in_covered_group():
    """M3 (000 L3194-3273): faces known in one subgroup inform that subgroup and no other.

    Over 10 replications of 26 weeks in a 2,000-resident neighbourhood, three faces for the
    migration-background group raise its ever-reached share by at least 10 points; every
    resident they informed belongs to it; other groups' mean reach changes by less than 4
    points (word of mouth may carry a little across groups, and the newcomers group is small:
    the standard error of its mean is about 1 point)."""
    covered = "low_ses_migration"
    size = {"n_residents": 2000}
    without = {g: replicate(f"ever_reached[{g}]", 26, n_bekende_gezichten=0, **size)
               for g in ("low_ses_migration", "low_ses_dutch", "newcomers", "higher_ses")}
    with_bg = dict(n_bekende_gezichten=3, bekende_gezichten_groups=[covered], **size)
    for seed in range(3):
        model = run(seed, 26, **with_bg)
        r = model.residents
        by_face = r.channel == Channel.BEKEND_GEZICHT
        assert by_face.any()
        assert np.all(r.group[by_face] == model.group_names.index(covered))
    for g, base in without.items():
        change = replicate(f"ever_reached[{g}]", 26, **with_bg).mean() - base.mean()
        if g == covered:
            assert change >= 0.10
        else:
            assert abs(change) < 0.04


def _ever_joined_by_stress(seed: int, **params) -> tuple[float, float]:
    model = run(seed, 104, **params)
    r = model.residents
    high = r.stress > 0.6
    aware = r.state != State.UNAWARE
    return (r.ever_participated[high & aware].mean(), r.ever_participated[~high & aware].mean())


def test_laagdrempeligheid_raises_joining_most_among_high_stress_residents():
    """M2/P3 (000 L3281-3291, L4215-4221): laagdrempeligheid 1 vs 0. Among aware residents
    with stress above 0.6, the share who ever joined within two years rises (mean over 10
    replications) by at least 2 points (3 before the recalibration made every share about four
    times smaller), and by more, relative to its level, than among the less stressed."""
    lo = np.array([_ever_joined_by_stress(s, laagdrempeligheid=0.0, **N)
                   for s in range(REPLICATIONS)])
    hi = np.array([_ever_joined_by_stress(s, laagdrempeligheid=1.0, **N)
                   for s in range(REPLICATIONS)])
    assert patterns.low_threshold_helps_the_stressed_residents_most(
        hi[:, 0], lo[:, 0], hi[:, 1], lo[:, 1]), (hi.mean(axis=0), lo.mean(axis=0))


def test_tunnelvisie_concentrates_contacts_on_the_same_residents():
    """M4 (000 L3694-3723): tunnelvisie 0.9 vs 0, with outreach 0.8, over two years. The Gini
    of professional contacts over residents rises by at least 0.05, the share of all contacts
    held by the 10% most-contacted residents and the share of a week's contacts going to
    current participants rise too (means over 10 replications), and fewer low-SES residents
    are ever reached."""
    base = dict(outreach=0.8, **N)
    gini0 = replicate("contact_gini", 104, tunnelvisie=0.0, **base)
    gini1 = replicate("contact_gini", 104, tunnelvisie=0.9, **base)
    for metric in ("contact_top10_share", "contacts_to_participants"):
        assert (replicate(metric, 104, tunnelvisie=0.9, **base).mean()
                > replicate(metric, 104, tunnelvisie=0.0, **base).mean())
    reach0 = replicate("ever_reached[low_ses]", 104, tunnelvisie=0.0, **base)
    reach1 = replicate("ever_reached[low_ses]", 104, tunnelvisie=0.9, **base)
    assert patterns.tunnel_vision_narrows_reach(gini1, gini0, reach1, reach0), (
        gini1.mean(), gini0.mean(), reach1.mean(), reach0.mean())


def test_composition_concentrates_participation_and_mixing_counters_it():
    """M5 (000 L1281-1291, L3014-3016, L3077-3101): a strong composition effect lets the
    activity grow inside whichever group leads, so the participation-bias index after two
    years rises by at least 0.2 (composition effect 2 vs 0); full mixing effort takes at
    least 0.1 of that back (means over 10 replications)."""
    def bias(effect: float, mixing: float) -> float:
        return replicate("participation_bias", 104, composition_effect=effect,
                         mixing_effort=mixing, **N).mean()

    strong = bias(2.0, 0.0)
    assert strong - bias(0.0, 0.0) >= 0.2
    assert strong - bias(2.0, 1.0) >= 0.1
