"""The participation rules (M1-M5), one small function per rule, vectorised over residents.

Mechanism numbers (M1-M10) are those of ``docs/ODD.md`` (section 4.1). Sources are cited by
document number and line range (``000 L3985-4060``: lines 3985-4060 of document 000), as
listed under Sources in the README. Every function takes arrays and the
:class:`~sim.parameters.Parameters` and returns arrays; the model (:mod:`sim.model`) decides
when each runs.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from sim.arrays import compiled, float_sum
from sim.parameters import Parameters
from sim.population import Exit, Residents, State

# --- M2: capacity and threshold -----------------------------------------------------------


def capacity(r: Residents) -> np.ndarray:
    """A resident's capacity ("draagkracht") to take part, in [0, 1].

    The mean of SES, language, literacy, health, freedom from stress and social support
    (network): the traits of the residents who keep turning up (000 L3709-3713, L1024-1034).
    """
    return _capacity(r.ses, r.language, r.literacy, r.health, r.stress, r.support)


@compiled
def _capacity(ses, language, literacy, health, stress, support):
    cap = np.empty(len(ses))
    for i in range(len(ses)):
        cap[i] = (ses[i] + language[i] + literacy[i] + health[i] + (1 - stress[i]) + support[i]) / 6
    return cap


def threshold(endorsement: np.ndarray, p: Parameters) -> np.ndarray:
    """How high the threshold to join is for each resident (1 = a plain, formal process).

    Laagdrempeligheid lowers it for everybody, but never fully: multilingual and visual
    aids help only partly (002 l.1183). Formal, institutional structure raises it: formal
    structures create distance for people with little language or trust (002 l.1122-1124,
    l.2030-2032). A familiar face's endorsement lowers it for the residents endorsed: they
    are accompanied and their language is bridged (000 L3231-3248).
    """
    base = (1 - p.laagdrempeligheid * p.max_threshold_relief) * (
        1 + p.formality_barrier * p.structure
    )
    return _threshold(base, p.bekend_gezicht_relief, endorsement)


@compiled
def _threshold(base, relief, endorsement):
    thresh = np.empty(len(endorsement))
    for i in range(len(endorsement)):
        thresh[i] = base * (1 - relief * endorsement[i])
    return thresh


# --- M1: flyers and the desk --------------------------------------------------------------


def passive_channel(r: Residents, passive_reach: float, rng: np.random.Generator) -> np.ndarray:
    """Flyers, letters, websites (M1): who of the unaware hears of the initiative this week.

    They work for the literate and trusting and barely reach the others
    (000 L4022-4036, L3943-3944; 002 l.1183).
    """
    draw = rng.random(len(r))
    return _passive(r.state, r.literacy, r.trust, draw, passive_reach, int(State.UNAWARE))


@compiled
def _passive(state, literacy, trust, draw, reach, unaware):
    heard = np.zeros(len(state), np.bool_)
    for i in range(len(state)):
        heard[i] = state[i] == unaware and draw[i] < reach * literacy[i] * trust[i]
    return heard


def desk_slots(n_professionals: int, funding: float, p: Parameters) -> int:
    """Bureaublindheid (M1): how many desk visitors the professionals can see this week.

    The contact time not spent in the neighbourhood (000 L3985-4060, L4581-4590;
    002 l.1366-1368), as far as it is still funded; time is scarce (000 L3602-3613).
    """
    return round(n_professionals * (1 - p.outreach) * p.contact_capacity * funding)


def desk_visits(
    cap: np.ndarray, desk_visit_rate: float, desk_slots: int, rng: np.random.Generator
) -> np.ndarray:
    """Bureaublindheid (M1): the residents who come to the office on their own this week.

    Waiting behind the desk reaches almost only residents of high capacity
    (000 L3985-4001: invitations to come to the office "were a flop"); the chance to come
    grows with capacity squared. At most ``desk_slots`` visitors are seen.
    """
    visitors = _come(rng.random(len(cap)), cap, desk_visit_rate)
    if len(visitors) > desk_slots:
        visitors = rng.choice(visitors, desk_slots, replace=False)
    return visitors


@compiled
def _come(draw, cap, rate):
    come = np.zeros(len(cap), np.bool_)
    for i in range(len(cap)):
        come[i] = draw[i] < rate * (cap[i] * cap[i])
    return np.flatnonzero(come)


# --- M4: tunnelvisie ----------------------------------------------------------------------


def usual_suspect_weights(r: Residents, cap: np.ndarray) -> np.ndarray:
    """Tunnelvisie (M4): how strongly a professional's attention is drawn to each resident.

    Attention goes to the current participants, the more so the more responsive they are and
    the more often they were contacted before: "the same faces" (000 L3694-3723). Nobody asks
    who did not come: residents not taking part weigh nothing. The model computes these once
    a week, before the professionals act, so that all of them see the same faces.
    """
    return _suspect_weights(r.participating, cap, r.contacts)


@compiled
def _suspect_weights(part, cap, contacts):
    weights = np.empty(len(part))
    for i in range(len(part)):
        weights[i] = part[i] * cap[i] * (1 + contacts[i])
    return weights


def usual_suspects(
    weights: np.ndarray,
    k: int,
    p: Parameters,
    rng: np.random.Generator,
    cdf: np.ndarray | None = None,
) -> np.ndarray:
    """Tunnelvisie (M4): the residents a professional's ``k`` outreach contacts spend on the
    usual suspects instead of on those not yet reached.

    Each contact goes to the usual suspects with chance ``tunnelvisie`` (000 L3490-3491,
    L3694-3723), to a resident drawn by :func:`usual_suspect_weights`. Returns fewer residents
    (possibly none) when there are few participants; the rest of ``k`` goes to
    :func:`outreach_contacts`. ``cdf``, if given, is :func:`suspect_cdf` of ``weights``,
    computed once for all professionals of a week.
    """
    n = rng.binomial(k, p.tunnelvisie)
    if n <= 0:
        return np.empty(0, dtype=np.int64)
    if cdf is None:
        cdf = suspect_cdf(weights)
        if cdf is None:
            return np.empty(0, dtype=np.int64)
    return _drawn(cdf, rng.random(n))


def suspect_cdf(weights: np.ndarray) -> np.ndarray | None:
    """Tunnelvisie (M4): the cumulative distribution :func:`usual_suspects` draws from (the
    one ``rng.choice`` builds from ``p=weights / weights.sum()``), or None when nobody weighs
    anything."""
    total = float_sum(weights)
    return _cdf(weights, total) if total > 0 else None


@compiled
def _cdf(weights, total):
    cdf = np.cumsum(weights / total)
    return cdf / cdf[-1]


@compiled
def _drawn(cdf, draws):
    """The distinct positions ``draws`` pick from ``cdf`` (``rng.choice``'s inversion),
    sorted."""
    return np.unique(np.searchsorted(cdf, draws, side="right"))


# --- M1: outreach -------------------------------------------------------------------------


def door_to_door_block(occupant: np.ndarray, x: int, y: int, radius: int) -> np.ndarray:
    """Outreach (M1): the residents a door-to-door round around home ``(x, y)`` meets.

    Everybody living within ``door_to_door_radius`` (grid distance) of that home: going door to
    door reaches people who would not come (000 L4014-4021); the radius is an assumption.
    ``occupant`` holds the resident living in each cell, -1 for none.
    """
    block = occupant[
        max(x - radius, 0) : x + radius + 1, max(y - radius, 0) : y + radius + 1
    ].ravel()
    return block[block >= 0]


def outreach_contacts(
    candidates: np.ndarray, weights: np.ndarray, r: Residents, k: int, rng: np.random.Generator
) -> np.ndarray:
    """Outreach (M1): whom a professional meets at a vindplaats or at the door.

    Without tunnelvisie a professional seeks out those not yet taking part ("niet afwachten,
    maar opzoeken", 000 L4581-4590), meeting them in proportion to how often they come to the
    place (``weights``).
    """
    cdf = suspect_cdf(unreached(candidates, weights, r.participating)) if k > 0 else None
    if cdf is None:
        return np.empty(0, dtype=np.int64)
    return _met(candidates, cdf, rng.random(k))


@compiled
def unreached(who, weights, participating):
    """The ``weights`` of the residents ``who``, 0 for those taking part: outreach (M1) and
    familiar faces (M3) both seek out those not yet taking part."""
    w = np.empty(len(who))
    for i in range(len(who)):
        w[i] = weights[i] * (not participating[who[i]])
    return w


@compiled
def _met(candidates, cdf, draws):
    """The distinct candidates ``draws`` pick from ``cdf`` (``rng.choice``'s inversion),
    sorted."""
    return np.unique(candidates[np.searchsorted(cdf, draws, side="right")])


def familiarity(tenure_weeks: float, familiarity_weeks: float) -> float:
    """How well a professional knows the area and is known there, in [0, 1].

    Professionals are outsiders at first; a professional who stays becomes a familiar face
    (000 L3194-3218).
    """
    return 1 - np.exp(-tenure_weeks / familiarity_weeks)


# --- M3: bekende gezichten ----------------------------------------------------------------


def fade_endorsement(r: Residents, p: Parameters) -> None:
    """Bekende gezichten (M3): a familiar face's endorsement fades each week unless renewed
    by talking again (``endorsement_decay``, assumption)."""
    r.endorsement *= 1 - p.endorsement_decay


def face_stops(p: Parameters, rng: np.random.Generator) -> bool:
    """Bekende gezichten (M3): whether a familiar face stops this week, through overload or
    the end of their own funding (design brief, section 2; the rate ``bekend_gezicht_dropout``
    is an assumption)."""
    return bool(rng.random() < p.bekend_gezicht_dropout)


# --- M5: word of mouth and composition ----------------------------------------------------


def ties_taking_part(
    ties: sparse.csr_matrix, taking_part: np.ndarray, organiser: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(M5) For each resident: how many of their ties take part, and how many organise, as
    float32 counts (exact: what ``ties @ taking_part.astype(np.float32)`` gives). Both
    :func:`word_of_mouth` and :func:`tie_share` read them, in the same week."""
    return _ties_among(ties.indptr, ties.indices, taking_part), _ties_among(
        ties.indptr, ties.indices, organiser
    )


@compiled
def _ties_among(indptr, indices, mask):
    """For each resident, how many of their ties are in ``mask``, as float32.

    Ties are mutual (the network is symmetric, every entry 1), so that is how often each
    resident appears among the ties of the residents in ``mask``: read from those few rows of
    the network instead of multiplying every row by the mask.
    """
    counts = np.zeros(len(mask), np.float32)
    for row in np.flatnonzero(mask):
        for j in range(indptr[row], indptr[row + 1]):
            counts[indices[j]] += 1
    return counts


def word_of_mouth(
    r: Residents,
    ties_part: np.ndarray,
    ties_organising: np.ndarray,
    rate: float,
    rng: np.random.Generator,
) -> np.ndarray:
    """Word of mouth (M5): unaware residents told by participating ties this week
    (``ties_part``, ``ties_organising``: :func:`ties_taking_part`).

    Initiatives grow mainly by word of mouth inside existing networks (000 L1228-1240,
    L3053-3065); organisers talk about it twice as much (assumption).
    """
    told = ties_part + ties_organising  # float32, like the counts
    chance = 1 - (1 - rate) ** told
    return _unaware_and(r.state, rng.random(len(r)) < chance, int(State.UNAWARE))


@compiled
def _unaware_and(state, mask, unaware):
    return (state == unaware) & mask


def tie_share(ties_part: np.ndarray, degree: np.ndarray) -> np.ndarray:
    """Homophily (M5): the share of each resident's ties who take part (``ties_part``:
    :func:`ties_taking_part`); initiatives grow inside existing networks (000 L1228-1240,
    L3026-3038)."""
    return ties_part / degree


def population_shares(r: Residents, n_groups: int) -> tuple[np.ndarray, float, np.ndarray]:
    """What :func:`composition_pull` compares the participants with, fixed for a run: each
    subgroup's share of the residents, the share of women, and each resident's (subgroup,
    gender) pair as one index ``2 * subgroup + female``."""
    pop = np.bincount(r.group, minlength=n_groups) / len(r)
    return pop, r.female.mean(), r.cell


def composition_pull(
    r: Residents,
    n_groups: int,
    effect: float,
    gender_effect: float,
    mixing_effort: float,
    shares: tuple[np.ndarray, float, np.ndarray] | None = None,
) -> np.ndarray:
    """Composition (M5): the pull of seeing people like oneself among the participants.

    For each subgroup (and each gender) the log ratio of its number of participants to the
    number its population share would give, with one added to both so that it is zero when
    nobody takes part yet. Residents see an activity of their own group as "for people like
    me" and one of another group as "not for people like me" (000 L1281-1291, L4312-4322;
    002 l.1215). Mixing effort weakens the push of absence (000 L3077-3101). ``shares``:
    :func:`population_shares`, if computed already.
    """
    pop, pop_f, pair = population_shares(r, n_groups) if shares is None else shares
    group_ratio, gender_ratio = _composition_ratios(r.participating, pair, pop, pop_f)
    return _pull(
        np.log(group_ratio), np.log(gender_ratio), effect, gender_effect, mixing_effort, pair
    )


@compiled
def _composition_ratios(part, pair, pop, pop_f):
    """For each subgroup, then for men and women: (participants + 1) / (the number their
    population share would give + 1)."""
    n_part = 0
    by_pair = np.zeros((len(pop), 2), np.int64)  # participants by subgroup and gender
    for i in np.flatnonzero(part):
        by_pair[pair[i] // 2, pair[i] % 2] += 1
        n_part += 1
    in_f = by_pair[:, 1].sum()
    group_ratio = (by_pair.sum(axis=1) + 1) / (pop * n_part + 1)
    gender_ratio = np.array(
        [(n_part - in_f + 1) / ((1 - pop_f) * n_part + 1), (in_f + 1) / (pop_f * n_part + 1)]
    )
    return group_ratio, gender_ratio


@compiled
def _pull(by_group, by_gender, effect, gender_effect, mixing_effort, pair):
    """The pull for everybody of a (subgroup, gender) pair, computed per pair and handed to
    each resident."""
    pull = np.empty(2 * len(by_group))
    for g in range(len(by_group)):
        for f in range(2):
            value = effect * by_group[g] + gender_effect * by_gender[f]
            pull[2 * g + f] = value * (1 - mixing_effort) if value < 0 else value
    return pull[pair]


# --- M2, M5: the participation function and the decisions ---------------------------------


def participation_score(
    r: Residents,
    invitation: np.ndarray,
    tie_share: np.ndarray,
    pull: np.ndarray,
    thresh: np.ndarray,
    p: Parameters,
) -> np.ndarray:
    """The participation function: log-odds that an aware resident joins this week.

    ``score = join_intercept + w_trust*trust + w_clarity*expectation_clarity
              + w_invitation*invitation + w_endorsement*endorsement + w_social*tie_share
              + pull - thresh * (w_stress*stress + w_language*(1 - language))``

    - trust in institutions (000 L1150-1156);
    - how concretely the initiative says what it brings (000 L3881-3885);
    - a personal invitation by a professional this week, worth their familiarity
      (000 L4014-4021);
    - a familiar face's endorsement (000 L3245-3248);
    - the share of one's ties taking part (000 L1228-1240);
    - the composition pull (:func:`composition_pull`);
    - stress and the language barrier, weighted by the threshold: participation must not be
      one more stressor (000 L3281-3291; 002 l.1181-1183); a familiar face's endorsement
      bridges part of the language barrier (``bekend_gezicht_bridge``: they speak the
      language and accompany, 000 L3231-3248).

    All weights are assumptions in size.
    """
    return _participation_score(
        r.trust, r.endorsement, r.language, r.stress, invitation, tie_share, pull, thresh,
        p.join_intercept, p.w_trust, p.w_clarity * p.expectation_clarity, p.w_invitation,
        p.w_endorsement, p.w_social, p.w_stress, p.w_language, p.bekend_gezicht_bridge,
    )  # fmt: skip


@compiled
def _participation_score(
    trust, endorsement, language, stress, invitation, tie_share, pull, thresh,
    intercept, w_trust, clarity, w_invitation, w_endorsement, w_social, w_stress, w_language,
    bridge,
):  # fmt: skip
    score = np.empty(len(trust))
    for i in range(len(trust)):
        barrier = w_stress * stress[i] + w_language * (
            (1 - language[i]) * (1 - bridge * endorsement[i])
        )
        score[i] = (
            intercept
            + w_trust * trust[i]
            + clarity
            + w_invitation * invitation[i]
            + w_endorsement * endorsement[i]
            + w_social * tie_share[i]
            + pull[i]
            - thresh[i] * barrier
        )
    return score


def decide_to_join(
    r: Residents, score: np.ndarray, supply: float, rng: np.random.Generator
) -> np.ndarray:
    """Aware residents (and those who stopped) who join this week: a logistic draw, scaled
    by how much there is to join (``supply``, 1 while the initiative is funded)."""
    draw = rng.random(len(r))
    return _join(r.state, draw, np.exp(-score), supply, int(State.AWARE), int(State.DROPPED_OUT))


@compiled
def _join(state, draw, exp_minus_score, supply, aware, dropped_out):
    joins = np.zeros(len(state), np.bool_)
    for i in range(len(state)):
        if state[i] == aware or state[i] == dropped_out:
            joins[i] = draw[i] * (1 + exp_minus_score[i]) < supply
    return joins


def decide_to_leave(
    r: Residents,
    thresh: np.ndarray,
    contacted: np.ndarray,
    supply: float,
    hangs_on: np.ndarray | float,
    p: Parameters,
    rng: np.random.Generator,
) -> np.ndarray:
    """Participants who stop this week, and why: an :class:`~sim.population.Exit` code per
    resident, -1 for those who stay.

    - Stress (M2): a base rate plus stress times the threshold; when taking part is one more
      stressor, people stop coming, and informal, free formats keep them (000 L3376-3382).
      A professional's contact that week keeps them, in proportion to how familiar the
      professional is (the attention tunnelvisie gives the same faces, 000 L3694-3733);
      formal structure keeps them too (002 l.1998-2000); organisers stop at half the rate.
    - Frustration (M6): at 1 they stop (000 L3840-3847).
    - No activity (M9): after the funding stops, a chance ``cliff_leave`` scaled by what is
      missing and by how much the participant hangs on the funded activities (``hangs_on``,
      :func:`sim.dynamics.vulnerability`; 004 l.1974-1979; 002 l.1203-1205). Organisers run
      what is left and do not stop for this reason.

    A participant who meets several causes in one week is counted once, for the first of
    frustration, stress, no activity.
    """
    n = len(r)
    no_activity_draw = rng.random(n)
    # Who hangs on the funded activities, for everyone alike when it is one number.
    hangs = np.full(n, hangs_on) if np.ndim(hangs_on) == 0 else hangs_on
    stress_draw = rng.random(n)
    return _leave(
        r.participating, r.state, no_activity_draw, p.cliff_leave * (1 - supply), hangs,
        stress_draw, r.stress, thresh, contacted, r.frustration, p.leave_base, p.leave_stress,
        p.contact_retention, 1 - p.structure_retention * p.structure, int(State.ORGANISER),
        int(Exit.NO_ACTIVITY), int(Exit.STRESS), int(Exit.FRUSTRATION),
    )  # fmt: skip


@compiled
def _leave(
    part, state, no_activity_draw, cliff, hangs_on, stress_draw, stress, thresh, contacted,
    frustration, leave_base, leave_stress, contact_retention, structure_keeps, organiser,
    no_activity_code, stress_code, frustration_code,
):  # fmt: skip
    exit_ = np.full(len(part), -1, dtype=np.int8)
    for i in np.flatnonzero(part):  # nobody else can stop
        organises = state[i] == organiser
        if no_activity_draw[i] < cliff * hangs_on[i] and not organises:
            exit_[i] = no_activity_code
        rate = leave_base + leave_stress * stress[i] * thresh[i]
        rate *= (1 - contact_retention * contacted[i]) * structure_keeps
        if organises:
            rate = rate / 2
        if stress_draw[i] < rate:
            exit_[i] = stress_code
        if frustration[i] >= 1:
            exit_[i] = frustration_code
    return exit_


def become_organiser(
    r: Residents, cap: np.ndarray, funding: float, p: Parameters, rng: np.random.Generator
) -> np.ndarray:
    """Participants who start organising activities themselves.

    Volunteers trained by the professionals go on to organise (000 L2709-2719, L4014-4021):
    the chance grows with capacity after ``organiser_weeks`` of taking part (assumption), as
    far as the professionals are still funded to train them (``funding``).
    """
    draw = rng.random(len(r))
    return _organise(
        r.state, r.weeks_in, draw, cap, p.organiser_weeks, p.organiser_rate, funding,
        int(State.PARTICIPANT),
    )  # fmt: skip


@compiled
def _organise(state, weeks_in, draw, cap, organiser_weeks, rate, funding, participant):
    organises = np.zeros(len(state), np.bool_)
    for i in range(len(state)):
        if state[i] == participant and weeks_in[i] >= organiser_weeks:
            organises[i] = draw[i] < rate * cap[i] * funding
    return organises


def apply_decisions(
    r: Residents, joins: np.ndarray, exits: np.ndarray, organises: np.ndarray
) -> None:
    """Apply this week's decisions, all taken on one snapshot: joiners become participants,
    leavers drop out, new organisers organise; everyone now taking part has one more week
    in (for :func:`become_organiser`)."""
    _decide(
        r.state, joins, exits, organises, r.ever_participated,
        int(State.PARTICIPANT), int(State.DROPPED_OUT), int(State.ORGANISER),
    )  # fmt: skip
    r.refresh_participating()
    r.weeks_in += r.participating


@compiled
def _decide(state, joins, exits, organises, ever_participated, participant, dropped, organiser):
    for i in range(len(state)):
        if joins[i]:
            state[i] = participant
            ever_participated[i] = True
        if exits[i] >= 0:
            state[i] = dropped
        if organises[i]:
            state[i] = organiser
