"""The long-run rules (M6-M10): phases and funding, expectations and trust, silos and
referrals, empowerment and health. One small function per rule, vectorised over residents;
the model (:mod:`sim.model`) calls them once a week in a fixed order.

Mechanism numbers are those of ``docs/ODD.md`` (section 4.1); sources are cited by document
number and line range, as listed under Sources in the README.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np
from scipy import sparse

from sim.arrays import compiled, distinct
from sim.parameters import Event, Parameters
from sim.population import Channel, Exit, Residents, State

#: New ties made at activities join the network in batches, every this many weeks: rebuilding
#: the network is slow, and a few weeks before an acquaintance counts as a tie is an assumption.
TIE_MERGE_WEEKS = 4


# --- M9: phases, funding and the key person -----------------------------------------------


class Phase(IntEnum):
    """Phases of the initiative (003 l.2459-2463: inspire, implement, embed)."""

    INITIATION = 0  # recruiting, asking what residents need
    DESIGN = 1  # designing activities together
    IMPLEMENTATION = 2  # activities run
    EVALUATION = 3  # activities run; results are evaluated and reported back
    AFTER_FUNDING = 4  # only what is embedded or carried by residents goes on


def phase(week: int, p: Parameters) -> Phase:
    """The phase of the initiative in a given week (week 1 is the first)."""
    if week > p.funding_weeks:
        return Phase.AFTER_FUNDING
    if week > p.funding_weeks - p.evaluation_weeks and week > p.initiation_weeks + p.design_weeks:
        return Phase.EVALUATION
    if week > p.initiation_weeks + p.design_weeks:
        return Phase.IMPLEMENTATION
    if week > p.initiation_weeks:
        return Phase.DESIGN
    return Phase.INITIATION


def funding_level(week: int, p: Parameters) -> float:
    """Share of the professionals' effort (and the flyers) still paid for (M9).

    Everything until the funding horizon, or the level of the last scheduled ``funding``
    event before it (a cut or a top-up, :class:`~sim.parameters.Event`); after the horizon
    only what is structurally embedded (002 l.1998-2000: the formal model's stability and
    continuity; 004 l.1974-1979, l.2069-2072: without structural securing much of the approach
    falls away).
    """
    if week > p.funding_weeks:
        return p.structure
    level = 1.0
    for event in p.events:
        if event.kind == "funding" and event.week <= week and event.value is not None:
            level = event.value
    return level


def kept_share(p: Parameters) -> float:
    """Share of the activities at the funding horizon that go on without project money (M9,
    M10): what formal structure keeps (002 l.1998-2000) and what an existing residents'
    organisation keeps, being bound to neither funding nor deadlines (000 L3180-3188), each
    independently of the other."""
    return 1 - (1 - p.structure) * (1 - p.residents_organisation)


def activity_supply(funded: bool, participants: int, places: float) -> float:
    """How much there still is to take part in, in [0, 1] (M9, M10).

    While funded, everything. After the horizon the ``places`` (:func:`activity_places`) per
    participant, capped at 1: with fewer places than participants some have nothing to go
    to.
    """
    if funded:
        return 1.0
    return float(min(1.0, places / max(participants, 1)))


def activity_places(organisers: int, at_horizon: int, p: Parameters) -> float:
    """Places in the activities after the funding horizon (M9, M10): the share
    :func:`kept_share` of the ``at_horizon`` participants of the last funded week, and
    ``organiser_carries`` for each resident organiser (000 L2709-2719): an absolute number,
    so that an initiative whose organisers are few shrinks to what they can carry (Texel "in
    afgeslankte vorm", 003 l.1056-1072)."""
    return kept_share(p) * at_horizon + organisers * p.organiser_carries


def vulnerability(cap: np.ndarray) -> np.ndarray:
    """How strongly a participant hangs on the funded activities, in [0, 1] (M9): vulnerable
    residents are the first to stop when the money does (002 l.1203-1205; 004 l.1974-1979),
    so twice the missing capacity, capped at 1 (scale: assumption)."""
    return np.minimum(2 * (1 - cap), 1.0)


def key_person_exits(r: Residents, p: Parameters, rng: np.random.Generator) -> np.ndarray:
    """Who stops when the key professional leaves (M9), as a mask.

    Participation that is person-bound (a 'persoonsgebonden reflex', 002 l.1102-1104) rests
    on key figures such as the neighbourhood worker, whose impact is fragile through staff
    changes and informal networks (002 l.1673-1681): each participant who came in through a
    person (the desk, outreach, or a familiar face in the key figure's network) stops with
    chance ``1 - structure``, since what is embedded in structures does not hang on one person
    (002 l.1998-2000). Those who came by flyer, word of mouth or the residents' organisation
    stay, and organisers carry on: the activity is theirs by now (000 L2709-2719).
    """
    through_staff = np.isin(r.channel, (Channel.DESK, Channel.OUTREACH, Channel.BEKEND_GEZICHT))
    return (r.state == State.PARTICIPANT) & through_staff & (rng.random(len(r)) < 1 - p.structure)


def activities_run(ph: Phase) -> bool:
    """Activities (meetings with a visible result, lifestyle sessions) run from implementation."""
    return ph >= Phase.IMPLEMENTATION


def activity_intensity(ph: Phase, supply: float) -> float:
    """How much activity runs this week (M8, M9): nothing before implementation, then the
    supply (:func:`activity_supply`), which drops after the funding horizon."""
    return supply if activities_run(ph) else 0.0


def paid_faces_stop(week: int, paid: np.ndarray, p: Parameters) -> np.ndarray:
    """Which familiar faces stop at the funding horizon (M9), as a mask over ``paid``.

    Paid bridge figures (social workers) stop in the first week without funding; volunteers
    from the neighbourhood go on (000 L5280-5286; 002 l.1449-1451).
    """
    return paid & (week == p.funding_weeks + 1)


def mark_key_person_exits(exits: np.ndarray, key_exits: np.ndarray | None) -> None:
    """Record the key person's leaving (M9) as the exit cause of those who hang on them
    (:func:`key_person_exits`) and stop for no other reason this week."""
    if key_exits is not None:
        exits[key_exits & (exits < 0)] = Exit.KEY_PERSON


# --- M6: expectations and trust -----------------------------------------------------------


def visible_results(
    r: Residents, ph: Phase, supply: float, p: Parameters, rng: np.random.Generator
):
    """What each participant sees of results this week (M6): masks ``(seen, kept, broken)``.

    Feedback on what happened with their input comes with chance ``feedback_rate`` (formal
    evaluation adds to it in the evaluation phase, 002 l.1069-1079) and keeps its promise
    with chance ``promise_keeping`` (``kept``), else it is a broken promise (``broken``).
    ``seen``: a kept promise, or, once activities run, the activity itself in the weeks it
    takes place ("mensen zien wat fysiek is", 000 L3840-3847).
    """
    n = len(r)
    fb = p.feedback_rate
    if ph == Phase.EVALUATION:
        fb = fb + p.structure * (1 - fb)
    told_draw, kept_draw = rng.random(n), rng.random(n)
    activity_draw = rng.random(n) if activities_run(ph) else None
    return _results(
        r.participating, told_draw, kept_draw, activity_draw, fb, p.promise_keeping, supply
    )


@compiled
def _results(part, told_draw, kept_draw, activity_draw, feedback, promise_keeping, supply):
    n = len(part)
    seen, kept, broken = np.zeros(n, np.bool_), np.zeros(n, np.bool_), np.zeros(n, np.bool_)
    for i in range(n):
        told = part[i] and told_draw[i] < feedback
        kept[i] = told and kept_draw[i] < promise_keeping
        broken[i] = told and not kept_draw[i] < promise_keeping
        seen[i] = kept[i]
        if activity_draw is not None:
            seen[i] = kept[i] or (part[i] and activity_draw[i] < supply)
    return seen, kept, broken


def update_frustration(r: Residents, seen: np.ndarray, broken: np.ndarray, p: Parameters) -> None:
    """Frustration grows each week nothing visible happens, the more so the less clear the
    expectations, and jumps at a broken promise; a visible result clears it
    (000 L3858-3866, L3926-3928, L3964-3976). At 1 the participant stops
    (:func:`sim.mechanisms.decide_to_leave`): with wholly unclear expectations and no
    feedback that is after four weeks, about two meetings (000 L3840-3847)."""
    _frustration(
        r.frustration, r.participating, seen, broken, 1 - p.expectation_clarity,
        p.frustration_growth, p.broken_promise_frustration,
    )  # fmt: skip


@compiled
def _frustration(frustration, part, seen, broken, unclear, growth, broken_promise):
    for i in range(len(frustration)):
        waiting = part[i] and not seen[i]
        frustration[i] += waiting * unclear * growth + broken[i] * broken_promise
        if seen[i] or not part[i]:
            frustration[i] = 0.0


def update_trust(r: Residents, gained: np.ndarray, lost: np.ndarray, p: Parameters) -> None:
    """Trust in institutions is built slowly and lost fast (002 l.1839-1841): each kept
    promise ("showing that you do what you say", 000 L3964-3976) closes a small share
    ``trust_gain`` of the distance to full trust; each broken one, or a frustrated exit,
    takes away a larger share ``trust_loss``."""
    _trust(r.trust, gained, lost, p.trust_gain, 1 - p.trust_loss)


@compiled
def _trust(trust, gained, lost, gain, kept_after_loss):
    for i in range(len(trust)):
        if gained[i]:
            trust[i] += gain * (1 - trust[i])
        if lost[i]:
            trust[i] *= kept_after_loss


def trust_lost(broken: np.ndarray, exits: np.ndarray) -> np.ndarray:
    """Who loses trust this week (M6): a broken promise, or leaving frustrated or because
    the key person left (``exits``: :func:`sim.mechanisms.decide_to_leave`)."""
    return _lost(broken, exits, int(Exit.FRUSTRATION), int(Exit.KEY_PERSON))


@compiled
def _lost(broken, exits, frustration, key_person):
    lost = np.empty(len(broken), np.bool_)
    for i in range(len(broken)):
        lost[i] = broken[i] or exits[i] == frustration or exits[i] == key_person
    return lost


# --- M7: hokjesmentaliteit ----------------------------------------------------------------


def staff_leaving(
    tenure: np.ndarray, week: int, p: Parameters, rng: np.random.Generator
) -> tuple[np.ndarray, int]:
    """Which professionals leave this week (M7, M9), by position in ``tenure``.

    Each leaves with chance ``turnover_rate`` (000 L3551-3577; 004 l.2121-2139) and is
    replaced by a successor who starts from zero. In week ``key_person_leaves_at`` (or a
    scheduled ``key_person_leaves`` event) the longest-serving one, the key person, leaves as
    well (002 l.1677-1681; 004 l.1974-1979).
    Returns the mask of those replaced at once, and the key person's position (-1 if none),
    whose post stays vacant for ``vacancy_weeks`` (003 l.561-564).
    """
    replaced = np.array([rng.random() < p.turnover_rate for _ in tenure], dtype=bool)
    key = -1
    scheduled = bool(events_due(week, "key_person_leaves", p))
    if (week == p.key_person_leaves_at or scheduled) and len(tenure):
        key = int(np.argmax(tenure))
        replaced[key] = False
    return replaced, key


def update_integration(
    integration: float, leavers: int, p: Parameters, rng: np.random.Generator
) -> float:
    """Integration between organisations (M7): joint events raise it (000 L3626-3660), time
    scarcity wears it down (000 L3598-3613), every professional who leaves takes part of it
    with them (000 L3551-3577)."""
    if rng.random() < p.joint_event_rate:
        integration = joint_walk(integration, p.joint_event_gain)
    integration *= (1 - p.integration_decay) * (1 - p.turnover_integration_loss) ** leavers
    return float(integration)


def events_due(week: int, kind: str, p: Parameters) -> list[Event]:
    """The scheduled events of ``kind`` in this week (:class:`~sim.parameters.Event`)."""
    return [e for e in p.events if e.week == week and e.kind == kind]


def joint_walk(integration: float, gain: float) -> float:
    """A scheduled joint event of the professionals (M7), such as the neighbourhood walk that
    was the turning point in Zuiderveld (000 L3626-3637): it closes the share ``gain`` of the
    distance to full integration at once."""
    return integration + gain * (1 - integration)


def pick_up_signals(
    r: Residents,
    professional: np.ndarray,
    familiar: np.ndarray,
    p: Parameters,
    rng: np.random.Generator,
) -> np.ndarray:
    """Residents whose problem (debts, stress) is noticed this week and referred (M7).

    A problem exists above ``signal_threshold``; a professional's contact notices it with
    chance ``signal_detection``, a familiar face's talk with the higher
    ``bekend_gezicht_detection`` (000 L3233-3243, L4203-4213)."""
    draw = rng.random(len(r))
    return _signals(
        r.stress, professional, familiar, draw, p.signal_threshold, p.signal_detection,
        p.bekend_gezicht_detection,
    )  # fmt: skip


@compiled
def _signals(stress, professional, familiar, draw, threshold, detection, face_detection):
    noticed = np.zeros(len(stress), np.bool_)
    for i in range(len(stress)):
        chance = max(professional[i] * detection, familiar[i] * face_detection)
        noticed[i] = stress[i] > threshold and draw[i] < chance
    return noticed


def resolve_referrals(
    r: Residents, referred: np.ndarray, integration: float, rng: np.random.Generator
) -> np.ndarray:
    """Referrals that are resolved (M7): the signal reaches the right service with chance
    ``integration`` (000 L3579-3591), and the resident goes there if they trust it or a
    familiar face vouches for it (000 L3245-3248)."""
    n = len(r)
    arrives_draw, goes_draw = rng.random(n), rng.random(n)
    return _resolved(referred, arrives_draw, goes_draw, integration, r.trust, r.endorsement)


@compiled
def _resolved(referred, arrives_draw, goes_draw, integration, trust, endorsement):
    resolved = np.zeros(len(referred), np.bool_)
    for i in range(len(referred)):
        resolved[i] = (
            referred[i]
            and arrives_draw[i] < integration
            and goes_draw[i] < max(trust[i], endorsement[i])
        )
    return resolved


def relieve_stress(r: Residents, resolved: np.ndarray, p: Parameters) -> None:
    """A resolved problem lowers stress (000 L2389-2411); problems slowly come back while
    their structural causes remain (000 L382-388)."""
    _relief(r.stress, r.start["stress"], resolved, 1 - p.referral_relief, p.stress_recurrence)


@compiled
def _relief(stress, start, resolved, kept_after_relief, recurrence):
    for i in range(len(stress)):
        if resolved[i]:
            stress[i] *= kept_after_relief
        stress[i] += recurrence * max(start[i] - stress[i], 0)


# --- M8: empowerment and health -----------------------------------------------------------


def empower(r: Residents, p: Parameters) -> None:
    """Eigen regie grows while taking part, more with more ownership (resident-led agenda,
    organising) (000 L2538-2553, L2764-2781, L2695-2728), and fades slowly back toward its
    start afterwards: empowerment lasts (000 L2344-2361)."""
    _empower(
        r.regie, r.start["regie"], r.participating, r.state, 0.5 + 0.5 * p.resident_led,
        p.regie_gain, -p.regie_decay, int(State.ORGANISER),
    )  # fmt: skip


@compiled
def _empower(regie, start, part, state, ownership, gain, minus_decay, organiser):
    for i in range(len(regie)):
        if part[i]:
            regie[i] += gain * (ownership * (1 + (state[i] == organiser))) * (1 - regie[i])
        else:
            regie[i] += minus_decay * (regie[i] - start[i])
        regie[i] = min(max(regie[i], 0.0), 1.0)


def form_ties(r: Residents, running: float, p: Parameters, rng: np.random.Generator):
    """New ties made at activities (M5, M8): each participant meets another participant with
    chance ``tie_formation`` times the activity intensity ``running``; the tie sticks within
    one's own subgroup, and across groups only with mixing effort (000 L3005-3016,
    L3077-3101). Returns the new pairs."""
    part = np.flatnonzero(r.participating)
    if len(part) < 2:
        return part[:0], part[:0]
    a = _meeting(part, rng.random(len(part)), p.tie_formation * running)
    b = part[rng.integers(len(part), size=len(a))]
    return _sticking(a, b, r.group, rng.random(len(a)), p.mixing_effort)


@compiled
def _meeting(part, draw, chance):
    return part[draw < chance]


@compiled
def _sticking(a, b, group, draw, mixing_effort):
    keep = np.zeros(len(a), np.bool_)
    for i in range(len(a)):
        keep[i] = a[i] != b[i] and (group[a[i]] == group[b[i]] or draw[i] < mixing_effort)
    return a[keep], b[keep]


def ties_settle(week: int) -> bool:
    """Whether the ties made at activities join the network this week (M5, M8): every
    :data:`TIE_MERGE_WEEKS` weeks."""
    return week % TIE_MERGE_WEEKS == 0


def merge_ties(
    ties: sparse.csr_matrix, pairs: list[tuple[np.ndarray, np.ndarray]]
) -> sparse.csr_matrix:
    """The network with the new pairs ``(a, b)`` added as undirected ties (M5, M8); ``ties``
    itself when there are none.

    ``ties`` is in canonical form (sorted, no duplicates, every entry 1); so is the result:
    the ties not there yet are inserted at their places in the sorted entries, which costs
    far less than adding two sparse matrices for the few ties a few weeks bring.
    """
    a = np.concatenate([x for x, _ in pairs])
    b = np.concatenate([y for _, y in pairs])
    if len(a) == 0:
        return ties
    n = ties.shape[0]
    indptr, indices = ties.indptr, ties.indices
    # The new ties in both directions, sorted by row and column, each once.
    new = distinct(np.concatenate([a, b]).astype(np.int64) * n + np.concatenate([b, a]))
    at, fresh = _places_in_rows(indptr, indices, new // n, new % n)
    new, at = new[fresh], at[fresh]
    if len(new) == 0:
        return ties
    # Insert the new columns at their places; each row's pointer moves by the entries added
    # in the rows before it.
    nnz = len(indices) + len(new)
    slot = at + np.arange(len(new))
    merged_indices = np.empty(nnz, dtype=indices.dtype)
    merged_indices[slot] = new % n
    old = np.ones(nnz, dtype=bool)
    old[slot] = False
    merged_indices[old] = indices
    merged_indptr = indptr.copy()
    merged_indptr[1:] += np.bincount(new // n, minlength=n).cumsum().astype(indptr.dtype)
    merged = sparse.csr_matrix(
        (np.ones(nnz, dtype=ties.dtype), merged_indices, merged_indptr), shape=ties.shape
    )
    merged.has_sorted_indices = True
    return merged


def _places_in_rows(
    indptr: np.ndarray, indices: np.ndarray, row: np.ndarray, col: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For each entry ``(row, col)`` of a sparse matrix with sorted columns: the position
    among the entries where it is or would go, and whether it is not there yet.

    Only the rows asked about are read: each entry's row is copied once, keyed by the entry's
    number and the column, so that one search over the copies finds every place.
    """
    start = indptr[row]
    length = indptr[row + 1] - start
    before = np.cumsum(length) - length  # where each entry's copy of its row begins
    copies = np.repeat(np.arange(len(row)), length)
    columns = indices[np.repeat(start - before, length) + np.arange(len(copies))]
    keys = copies * len(indptr) + columns  # sorted: by entry, then by column
    asked = np.arange(len(row)) * len(indptr) + col
    found = keys.searchsorted(asked)
    fresh = (found == len(keys)) | (keys[np.minimum(found, len(keys) - 1)] != asked)
    return start + (found - before), fresh


def social_support(degree: np.ndarray, p: Parameters) -> np.ndarray:
    """Social support from one's ties (M8), in [0, 1]: the number of ties relative to twice
    the mean, capped at 1. Activities bring new contacts and support (000 L2959-2999,
    L2302-2318, L2460-2499); the scale is an assumption."""
    return np.minimum(degree / (2 * p.mean_ties), 1.0)


def update_lifestyle(r: Residents, running: float, p: Parameters) -> None:
    """Lifestyle activities help participants only below the stress gate: first get people
    out of the water, then teach them to swim (000 L2389-2411; 004 l.239-249). The gain fades
    fast once the activities stop (000 L2344-2361). ``running`` is the activity intensity."""
    dose = p.lifestyle_gain * p.lifestyle_activities * running
    _lifestyle(r.lifestyle, r.participating, r.stress, p.stress_gate, dose, -p.lifestyle_decay)


@compiled
def _lifestyle(lifestyle, part, stress, gate, dose, minus_decay):
    for i in range(len(lifestyle)):
        if part[i] and stress[i] < gate:
            lifestyle[i] += dose * (1 - lifestyle[i])
        else:
            lifestyle[i] += minus_decay * lifestyle[i]


def update_health(r: Residents, p: Parameters) -> None:
    """Health moves slowly toward a target set by stress, regie, support and lifestyle.

    The target is the starting health plus the change in each since the start:
    less stress, more regie and support, lifestyle (000 L2302-2318, L2538-2553; 003
    l.2236-2238). Health closes ``health_rate`` of its distance to the target each week, so
    it moves over years while the process outcomes move over months (004 l.1607-1647).
    """
    s = r.start
    _health(
        r.health, r.stress, r.regie, r.support, r.lifestyle, s["health"], s["stress"],
        s["regie"], s["support"], p.w_health_stress, p.w_health_regie, p.w_health_support,
        p.w_health_lifestyle, p.health_rate,
    )  # fmt: skip


@compiled
def _health(
    health, stress, regie, support, lifestyle, start_health, start_stress, start_regie,
    start_support, w_stress, w_regie, w_support, w_lifestyle, rate,
):  # fmt: skip
    for i in range(len(health)):
        target = (
            start_health[i]
            + w_stress * (start_stress[i] - stress[i])
            + w_regie * (regie[i] - start_regie[i])
            + w_support * (support[i] - start_support[i])
            + w_lifestyle * lifestyle[i]
        )
        health[i] += rate * (min(max(target, 0.0), 1.0) - health[i])


# --- M10: an existing residents' organisation ---------------------------------------------


def organisation_channel(n: int, p: Parameters, rng: np.random.Generator) -> np.ndarray:
    """Residents an existing residents' organisation informs this week (M10), as a mask.

    An established organisation reaches into every corner of the neighbourhood ("alle hoeken
    en gaten", 000 L3148-3178; Sint Nyk versus Zuiderveld, 000 L3115-3188), in proportion to
    its strength; the size of the weekly reach ``organisation_reach`` is an assumption.
    """
    return rng.random(n) < p.residents_organisation * p.organisation_reach
