"""The patterns P1-P10 of the model brief: for each, what must hold and by what margin.

This is the one place a pattern's criterion and margin are written down. The findings
(``groups.py``) feed these functions the runs of their sweeps, at the default assumptions
and in every draw of the calibration's posterior; the replicated tests (``tests/test_patterns.py``,
``tests/test_mechanisms.py``) feed them their own replications. Every argument is a number
or an array (or Series) of per-replication values; a criterion compares means over
replications unless its name says otherwise.

The sources fix directions and shapes, not sizes (extraction notes of 000 and 004), so each
margin asks for a direction with room to spare, well inside what the default assumptions
give. Where the tests and the findings ask for different margins, both are here under
their own names: the findings check every posterior draw of the assumption-only
parameters, where levels can fall far below the defaults, so some of their margins are looser
than the tests', which run the default assumptions alone.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import ArrayLike

#: Added to both sides of a ratio of shares, so a subgroup in which nobody took part gives
#: a finite gain rather than a division by zero (0.1 percentage point: below one resident
#: in most subgroups of a 2,500-resident neighbourhood).
FLOOR = 0.001


def mean(values: ArrayLike) -> float:
    """Mean over replications (a single number is its own mean)."""
    return float(np.mean(np.asarray(values, dtype=float)))


def gain(new: float, old: float, floor: float = FLOOR) -> float:
    """How many times ``old`` the value ``new`` is, with :data:`FLOOR` added to both."""
    return (new + floor) / (old + floor)


def half_time(series) -> int:
    """Week (index label) by which a series has made half of its total change."""
    moved = (series - series.iloc[0]).abs().to_numpy()
    return int(series.index[np.argmax(moved >= 0.5 * moved[-1])])


def kept(at_horizon: ArrayLike, later: ArrayLike) -> float:
    """The level later over the level at the horizon (means over replications); 0 when
    nobody took part at the horizon (nothing to keep)."""
    level = mean(at_horizon)
    return mean(later) / level if level > 0 else 0.0


# --- P1: desk-bound work draws the usual suspects ------------------------------------------

#: Desk-bound, the default assumptions give 2.8 (higher SES) and 0.22 (low SES) after three
#: years (findings A); 1.5 and 0.7 ask for a clear skew, not for its size.
OVER_REPRESENTED_AT_LEAST = 1.5
UNDER_REPRESENTED_AT_MOST = 0.7


def desk_bound_draws_the_usual_suspects(high_ses: ArrayLike, low_ses: ArrayLike) -> bool:
    """P1 (000 L3709-3713, L3985-4001): desk-bound, the higher SES are over-represented among
    participants (representation) at least 1.5 times and low SES at most 0.7 times."""
    return (mean(high_ses) >= OVER_REPRESENTED_AT_LEAST
            and mean(low_ses) <= UNDER_REPRESENTED_AT_MOST)


# --- P2: outreach and familiar faces raise low-SES participation ---------------------------

#: Low-SES ever-participation over desk-bound after three years. At the defaults outreach
#: multiplies it by 4 and familiar faces by 20 (as :func:`gain` counts, findings A); the
#: tests ask for 1.5 and 5 times there. Across the posterior's draws, where a high threshold
#: keeps nearly everyone out under any policy, the findings ask only for a fifth more and
#: for double.
OUTREACH_GAIN = 1.5
OUTREACH_GAIN_ACROSS_ASSUMPTIONS = 1.2
FACES_GAIN = 5.0
FACES_GAIN_ACROSS_ASSUMPTIONS = 2.0


def raises_low_ses_participation(policy: ArrayLike, desk: ArrayLike, at_least: float) -> bool:
    """P2 (000 L3194-3273, L3985-4060; 002 l.1366-1368): under the policy at least
    ``at_least`` times as many low-SES residents ever take part as desk-bound."""
    return gain(mean(policy), mean(desk)) >= at_least


def faces_help_most_behind_language_and_distrust(faces: Mapping[str, ArrayLike],
                                                 desk: Mapping[str, ArrayLike]) -> bool:
    """P2 (000 L3231-3248; 002 l.1260-1350): the familiar faces' gain over desk-bound in the
    share who ever took part is larger in both groups held back by language or distrust
    (``low_ses_migration``, ``newcomers``) than among the low-SES native Dutch
    (``low_ses_dutch``); arguments map each group to its shares."""
    def by(group: str) -> float:
        return gain(mean(faces[group]), mean(desk[group]))

    return min(by("low_ses_migration"), by("newcomers")) > by("low_ses_dutch")


# --- P3: a low threshold helps the stressed most --------------------------------------------

#: Among reached residents, laagdrempelig against bureaublind. The findings compare the
#: stressed low-SES native Dutch with the higher SES (the runs report subgroups) and ask for
#: a fifth more joining (2.2 times at the defaults, findings A); the test compares residents
#: with stress above 0.6 with the rest and asks for 2 percentage points more (3 before the
#: recalibration to a few % taking part, E1, which made every share about four times
#: smaller). Both ask that the stressed gain more relative to their level than the calm.
STRESSED_SUBGROUP_GAIN = 1.2
STRESSED_RESIDENTS_GAIN_POINTS = 0.02


def _stressed_gain_more_relative_to_level(stressed_low: float, stressed_desk: float,
                                          calm_low: float, calm_desk: float) -> bool:
    return gain(stressed_low, stressed_desk) > gain(calm_low, calm_desk)


def low_threshold_helps_the_stressed_subgroup_most(
        stressed_low: ArrayLike, stressed_desk: ArrayLike, calm_low: ArrayLike,
        calm_desk: ArrayLike) -> bool:
    """P3 (000 L3281-3291, L4215-4221), by subgroup: the share of reached residents who
    joined rises at least 1.2 times in the stressed subgroup under a low threshold, and by
    more, relative to its level, than in the calm one."""
    s_low, s_desk, c_low, c_desk = map(mean, (stressed_low, stressed_desk, calm_low, calm_desk))
    return (gain(s_low, s_desk) >= STRESSED_SUBGROUP_GAIN
            and _stressed_gain_more_relative_to_level(s_low, s_desk, c_low, c_desk))


def low_threshold_helps_the_stressed_residents_most(
        stressed_low: ArrayLike, stressed_desk: ArrayLike, calm_low: ArrayLike,
        calm_desk: ArrayLike) -> bool:
    """P3 (000 L3281-3291, L4215-4221), by resident: the share of aware stressed residents
    who ever joined rises by at least 2 percentage points under a low threshold, and by
    more, relative to its level, than among the less stressed."""
    s_low, s_desk, c_low, c_desk = map(mean, (stressed_low, stressed_desk, calm_low, calm_desk))
    return (s_low - s_desk >= STRESSED_RESIDENTS_GAIN_POINTS
            and _stressed_gain_more_relative_to_level(s_low, s_desk, c_low, c_desk))


# --- P4: tunnel vision narrows reach ---------------------------------------------------------

#: Rise in the Gini of professionals' contacts over residents: 0.53 to 0.73 at the defaults
#: (findings A); 0.05 is a clear concentration, not its size.
CONTACT_GINI_RISE = 0.05


def tunnel_vision_narrows_reach(gini_tunnel: ArrayLike, gini_open: ArrayLike,
                                reached_tunnel: ArrayLike, reached_open: ArrayLike) -> bool:
    """P4 (000 L3694-3723): with tunnel vision the contact Gini is at least 0.05 higher and
    fewer low-SES residents have ever been reached."""
    return (mean(gini_tunnel) - mean(gini_open) >= CONTACT_GINI_RISE
            and mean(reached_tunnel) < mean(reached_open))


# --- P5: average health rises while the gap stays or widens ---------------------------------

#: The healthy-life-years gap (proxy) may narrow by noise but not by a quarter of a year over
#: six years (under 2% of the 15-year gap; E22 calls a change of a year in five very large).
#: With a few % taking part (E1) the gap moves by tenths of a year, so "stays" is the branch
#: the calibrated model is on (findings B).
GAP_NARROWS_AT_MOST = 0.25


def health_rises_while_the_gap_stays_or_widens(health_change: ArrayLike,
                                               gap_change: ArrayLike) -> bool:
    """P5 (000 L160-170, L3765-3798; 002 l.121-127): average health rises and the
    healthy-life-years gap (years) narrows by less than :data:`GAP_NARROWS_AT_MOST`."""
    return mean(health_change) > 0 and mean(gap_change) > -GAP_NARROWS_AT_MOST


# --- P6: process outcomes move in months, health in years ----------------------------------

#: Within half a year (26 weeks) at least 15% of residents reached while health has made
#: under 5% of its six-year change, and health (higher SES) makes half its change at least
#: half a year after reach does: the 'lange adem' of the sources as a clear lag.
REACHED_WITHIN_HALF_YEAR = 0.15
HEALTH_SHARE_WITHIN_HALF_YEAR = 0.05
HEALTH_LAGS_REACH_WEEKS = 26


def process_moves_in_months_health_in_years(reached_half_year: ArrayLike,
                                            health_change_half_year: ArrayLike,
                                            health_change: ArrayLike,
                                            health_half_time: ArrayLike,
                                            reach_half_time: ArrayLike) -> bool:
    """P6 (000 L2302-2318; 004 l.1607-1647): reach moves within months, health after years
    (half-times in weeks; health of the higher SES)."""
    return (mean(reached_half_year) >= REACHED_WITHIN_HALF_YEAR
            and abs(mean(health_change_half_year))
            < HEALTH_SHARE_WITHIN_HALF_YEAR * abs(mean(health_change))
            and mean(health_half_time) >= mean(reach_half_time) + HEALTH_LAGS_REACH_WEEKS)


# --- P7: no feedback, unclear expectations: early dropout and lasting distrust -------------

#: Frustrated exits in the 39 weeks before activities run, no feedback and unclear
#: expectations against feedback and clear ones: at least one per run (8.4 at the defaults
#: with 1,500 residents, findings C) and three times as many.
EARLY_EXITS_PER_RUN = 1.0
EARLY_EXITS_TIMES = 3.0
#: How far trust must end below where feedback leaves it. Among participants (the test) a
#: tenth of trust, at trust around 0.5; over all residents (the findings) any amount, since
#: only participants' trust moves and the rest dilute it to fractions of a point.
TRUST_BELOW_FEEDBACK_PARTICIPANTS = 0.1 * 0.5
TRUST_BELOW_FEEDBACK_ALL_RESIDENTS = 0.0


def no_feedback_means_early_dropout(unclear_exits: ArrayLike, clear_exits: ArrayLike) -> bool:
    """P7 (000 L3840-3866, L3905-3913): without feedback and clear expectations people stop
    in frustration early (per-run counts before activities run)."""
    bad = mean(unclear_exits)
    return bad >= EARLY_EXITS_PER_RUN and bad >= EARLY_EXITS_TIMES * mean(clear_exits)


def distrust_lasts(unclear_trust_change: ArrayLike, clear_trust_change: ArrayLike,
                   below_feedback_by: float) -> bool:
    """P7 (002 l.1254-1258, l.1839-1841): without feedback and clear expectations trust ends
    below its start, and more than ``below_feedback_by`` below where feedback leaves it."""
    bad = mean(unclear_trust_change)
    return bad < 0 and mean(clear_trust_change) - bad > below_feedback_by


# --- P8: continuity --------------------------------------------------------------------------

#: After a two-year funding horizon with nothing embedded, participation a year on is about
#: 2% of its level at the horizon (findings C); under 5% is a collapse.
CLIFF_KEEPS_UNDER = 0.05
#: What residents keep going a year on: an organisation (0.5) keeps 64% at the defaults,
#: organisers (carrying 10 each) 143% (findings C). The test asks 10% and 30% of them; the
#: findings ask 10% of both, since in some posterior draws organisers carry only a
#: few participants each.
ORGANISATION_KEEPS = 0.1
ORGANISERS_KEEP = 0.3
ORGANISERS_KEEP_ACROSS_ASSUMPTIONS = 0.1
#: Participation thirteen weeks after the key professional leaves, over the same runs
#: without the loss: under 70% is a collapse the sources would notice (002 l.1673-1681).
KEY_LOSS_KEEPS_UNDER = 0.7


def funding_cliff_collapses_participation(at_horizon: ArrayLike, year_on: ArrayLike) -> bool:
    """P8 (004 l.1974-1979, l.2069-2072): with nothing embedded, participation a year after
    the horizon is under 5% of its level at the horizon."""
    return mean(at_horizon) > 0 and kept(at_horizon, year_on) < CLIFF_KEEPS_UNDER


def residents_keep_part_going(at_horizon: ArrayLike, year_on: ArrayLike,
                              at_least: float) -> bool:
    """P8 (000 L3115-3188, L2709-2719): residents who carry it keep at least ``at_least`` of
    the participation at the horizon going a year on."""
    return kept(at_horizon, year_on) >= at_least


def kept_through_key_loss(with_loss: ArrayLike, without: ArrayLike) -> float:
    """Participation with the key professional's loss over the same runs without it; NaN
    when nobody takes part without the loss (nothing to lose, so no criterion holds)."""
    base = mean(without)
    return mean(with_loss) / base if base > 0 else float("nan")


def key_person_loss_collapses_participation(with_loss: ArrayLike, without: ArrayLike) -> bool:
    """P8 (002 l.1673-1681, l.1102-1104; 003 l.561-564): where participation hangs on a
    person, losing the key professional leaves under 70% of it."""
    return bool(kept_through_key_loss(with_loss, without) < KEY_LOSS_KEEPS_UNDER)


def structure_absorbs_the_key_person_loss(structured_kept: float, relational_kept: float
                                          ) -> bool:
    """P8 (002 l.1998-2000, l.2034-2036): through the same loss, the form whose structure
    holds people keeps a larger share of its participation (shares from
    :func:`kept_through_key_loss`)."""
    return bool(structured_kept > relational_kept)


# --- P9: activities grow inside one group; a gender gap opens ---------------------------------

#: In GoNoord! the group the source names (residents with a migration background, one
#: subgroup of women and men) is over-represented among participants and at least three
#: times as represented as the other low-SES group, and at least three times as many low-SES
#: women as men ever take part: clear skews, not their sizes. The group is 45% of the
#: neighbourhood, so its representation cannot exceed 2.2.
ONE_GROUP_REPRESENTATION = 1.2
ONE_GROUP_TIMES_OTHER = 3.0
WOMEN_TIMES_MEN = 3.0
#: Share of replications in which low-SES women take part more than low-SES men (the test:
#: 8 of 10); the findings compare the means.
WOMEN_AHEAD_IN_REPLICATIONS = 0.8


def activities_grow_inside_one_group(representation: ArrayLike, other: ArrayLike) -> bool:
    """P9 (000 L1281-1291, L3765-3776, L4322-4326): the participants come from one group,
    over-represented (:data:`ONE_GROUP_REPRESENTATION`) and at least
    :data:`ONE_GROUP_TIMES_OTHER` times as represented as another low-SES group."""
    return (mean(representation) >= ONE_GROUP_REPRESENTATION
            and mean(representation) >= ONE_GROUP_TIMES_OTHER * mean(other))


def women_take_part_far_more_than_men(women_ever: ArrayLike, men_ever: ArrayLike) -> bool:
    """P9 (000 L3750-3798, L4312-4322): at least three times as many low-SES women as
    low-SES men ever took part (and some did), in subgroups that are half women."""
    women = mean(women_ever)
    return women > 0 and women >= WOMEN_TIMES_MEN * mean(men_ever)


def low_ses_women_take_part_more(female_rate: ArrayLike, male_rate: ArrayLike) -> bool:
    """P9 (000 L4312-4322): within low SES women take part more than men (means)."""
    return mean(female_rate) > mean(male_rate)


def low_ses_women_take_part_more_in_most_replications(female_rate: ArrayLike,
                                                      male_rate: ArrayLike) -> bool:
    """P9, replication by replication: women ahead in at least 80% of them."""
    ahead = np.asarray(female_rate, dtype=float) > np.asarray(male_rate, dtype=float)
    return bool(ahead.mean() >= WOMEN_AHEAD_IN_REPLICATIONS)


# --- P10: the hybrid beats both pure forms -------------------------------------------------


def hybrid_reaches_more_low_ses(hybrid: ArrayLike, formal: ArrayLike,
                                relational: ArrayLike) -> bool:
    """P10 (002 l.1998-2036): more low-SES residents ever take part in the Genk-Beringen
    hybrid than in formal Genk and in relational Beringen."""
    return mean(hybrid) > max(mean(formal), mean(relational))


def hybrid_keeps_more_after_the_horizon(hybrid_kept: float, formal_kept: float,
                                        relational_kept: float) -> bool:
    """P10 (002 l.1998-2036): a year after the funding horizon the hybrid keeps a larger part
    of its low-SES participation than both (shares from :func:`kept`)."""
    return hybrid_kept > max(formal_kept, relational_kept)
