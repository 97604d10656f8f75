"""What the model reports every tick: who takes part, who is reached, and how biased that is.

All values are plain floats, so that the DataCollector, the command line and batch runs get
one tidy row per tick. Conventions when nobody takes part yet: representation ratios are 0
and the participation-bias index is 0 (there is nobody to be unrepresentative). A view with no
residents (a subgroup whose share rounds to nobody, no low-SES or no higher-SES subgroup, only
women or only men) has every output 0, and so do the gaps between views when one side is empty
(``health_gap``, ``hly_gap_*``, ``health_gap[low_ses,female-male]``): undefined, not zero;
:func:`undefined_note` names them, and ``cocreatie run`` prints that note.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from sim.agents import BekendGezicht, Professional
from sim.arrays import compiled, float_sum
from sim.bilingual import pick
from sim.outputs import BY_NAME, UNITS, shown_in, subgroup_labels
from sim.parameters import DEFAULT_SUBGROUPS, Subgroup
from sim.population import CHANNEL_NAMES, Residents, State

#: The outcomes reported by subgroup, by SES and by gender within SES.
OUTCOMES = ("regie", "trust", "support", "stress", "health")

#: Healthy life years by which low-SES residents fall short (004 l.158-160).
HLY_GAP_YEARS = 15.0


def _default_health_gap(groups: tuple[Subgroup, ...] = DEFAULT_SUBGROUPS) -> float:
    """Expected health gap (higher minus low SES) of the default neighbourhood."""

    def mean(low: bool) -> float:
        gs = [g for g in groups if g.low_ses == low]
        return sum(g.share * g.health.mean for g in gs) / sum(g.share for g in gs)

    return mean(False) - mean(True)


#: Healthy-life-years proxy: years per unit of the health gap, chosen so that the default
#: neighbourhood starts at the 15-year gap of 004 l.158-160. A proxy, not a prediction.
HLY_PER_HEALTH_UNIT = HLY_GAP_YEARS / _default_health_gap()


def participation_bias(part_share: np.ndarray, pop_share: np.ndarray) -> float:
    """Participation-bias index: the dissimilarity between participants and population.

    Half the sum over subgroups of |share among participants - share in the population|
    (Duncan's dissimilarity index). 0 when the participants mirror the neighbourhood; 1 when
    they all come from groups that are a vanishing part of it. It reads as the share of
    participants who would have to be swapped for others to make the group representative.
    """
    return float(0.5 * np.abs(part_share - pop_share).sum())


def gini(counts: np.ndarray) -> float:
    """Gini coefficient of non-negative integer counts, from their histogram (O(n + max))."""
    total = counts.sum()
    return _gini(np.bincount(counts), len(counts), total) if total else 0.0


def _gini(freq: np.ndarray, n: int, total) -> float:
    """:func:`gini` from the histogram ``freq`` of ``n`` counts adding up to ``total`` > 0."""
    return float(2 * float_sum(_rank_terms(freq)) / (n * total) - (n + 1) / n)


@compiled
def _rank_terms(freq):
    """For each count in the histogram, the residents with that count times their mean rank
    by count, times the count: the terms of the Gini's rank sum."""
    terms = np.empty(len(freq))
    below = 0  # residents with smaller counts
    for value in range(len(freq)):
        terms[value] = value * (freq[value] * below + freq[value] * (freq[value] + 1) / 2)
        below += freq[value]
    return terms


def top_share(counts: np.ndarray, top: float = 0.1) -> float:
    """Share of all counts held by the ``top`` fraction of residents with the highest counts."""
    total = counts.sum()
    return _top_share(np.bincount(counts), len(counts), total, top) if total else 0.0


def _top_share(freq: np.ndarray, n: int, total, top: float = 0.1) -> float:
    """:func:`top_share` from the histogram ``freq`` of ``n`` counts adding up to ``total`` > 0."""
    return float(float_sum(_top_terms(freq, top * n)) / total)


@compiled
def _top_terms(freq, k):
    """From the histogram, highest count first: the counts held by those among the ``k``
    residents with the highest counts."""
    terms = np.empty(len(freq))
    above = 0  # residents with higher counts
    for j in range(len(freq)):
        value = len(freq) - 1 - j
        terms[j] = min(freq[value], max(k - above, 0)) * value
        above += freq[value]
    return terms


def _float_mean(values: np.ndarray) -> float:
    """``float(values.mean())`` of a non-empty float array, without ``mean``'s Python layer:
    the same sum (NumPy's, :func:`~sim.arrays.float_sum`) divided by the same count."""
    return float_sum(values) / len(values)


def _mean(values: np.ndarray) -> float:
    """The mean, or 0 for no values: the convention of every output of an empty view."""
    return float(values.mean()) if len(values) else 0.0


_N_STATES = len(State)
_N_CHANNELS = len(CHANNEL_NAMES) + 1  # with "not yet"


@dataclass(frozen=True)
class Views:
    """What the per-tick metrics need that does not change during a run, built once.

    Each resident belongs to a (subgroup, gender) cell ``2*i + f`` (female if ``f``); each
    reported view (every subgroup, each SES class, each gender within SES) is a set of cells,
    one row of ``matrix``.
    """

    cells: np.ndarray  # each resident's cell
    n_cells: int
    view_names: list[str]
    matrix: np.ndarray  # views x cells, 1 where the cell belongs to the view
    start_hly_gap: float  # the healthy-life-years gap proxy at the start of the run
    view_size: np.ndarray  # residents in each view
    # Derived from the above once, not every tick:
    per_view: np.ndarray  # view_size, at least 1: what a count in a view is divided by
    view_share: np.ndarray  # each view's share of the residents
    nonempty: np.ndarray  # views with residents

    @classmethod
    def of(cls, r: Residents, names: list[str], low_ses_groups: np.ndarray) -> Views:
        n_cells = 2 * len(names)
        idx = np.arange(n_cells)
        low, female = low_ses_groups[idx // 2], idx % 2 == 1
        views = {name: idx // 2 == i for i, name in enumerate(names)}
        for ses, is_low in (("low_ses", True), ("high_ses", False)):
            views[ses] = low == is_low
            views[f"{ses},female"] = (low == is_low) & female
            views[f"{ses},male"] = (low == is_low) & ~female
        h = r.start["health"]
        gap = (_mean(h[~r.low_ses]) - _mean(h[r.low_ses])) * HLY_PER_HEALTH_UNIT
        cells = r.cell
        matrix = np.array(list(views.values()), dtype=float)
        size = matrix @ np.bincount(cells, minlength=n_cells).astype(float)
        return cls(
            cells,
            n_cells,
            list(views),
            matrix,
            float(gap),
            size,
            per_view=np.maximum(size, 1),
            view_share=size / len(r),
            nonempty=size > 0,
        )


#: The measures reported by view, in the order of their rows in ``by_view`` of
#: :func:`compute_metrics`; views split by gender report only the first and the third.
_VIEW_MEASURES = ("participation_rate", "ever_reached", "ever_participated", "representation")


@lru_cache(maxsize=32)
def _keys(view_names: tuple[str, ...]) -> tuple[list[str], np.ndarray, list[list[str]]]:
    """The column names by view, built once per set of views: the names of each view's
    rate and ever participated (and, when not split by gender, ever reached and
    representation), view by view, with their places in the flattened ``by_view`` array of
    :func:`compute_metrics`; for each outcome the overall name and the names by view."""
    names, places = [], []
    n_views = len(view_names)
    for i, v in enumerate(view_names):
        for m, measure in enumerate(_VIEW_MEASURES):
            if "," not in v or m in (0, 2):
                names.append(f"{measure}[{v}]")
                places.append(m * n_views + i)
    by_outcome = [[o] + [f"{o}[{v}]" for v in view_names] for o in OUTCOMES]
    return names, np.array(places), by_outcome


#: The columns by channel, channel by channel, in the order of the rows of ``by_channel``
#: in :func:`compute_metrics`.
_CHANNEL_KEYS = [
    f"{measure}[{name}]"
    for name in CHANNEL_NAMES.values()
    for measure in ("new_aware", "aware_by", "ever_participated_by", "uptake")
]
_CHANNELS = list(CHANNEL_NAMES)


def compute_metrics(model, week_contacts: np.ndarray, suspect_contacts: int) -> dict[str, float]:
    """All per-tick outputs of a model as ``{column: value}``.

    ``week_contacts`` are the residents contacted by professionals this week (with
    repetition), ``suspect_contacts`` how many of those contacts went to residents who were
    already taking part. Everything by subgroup, SES or gender is summed from the
    (subgroup, gender) cells, so each quantity takes one pass over the residents.
    """
    r, names, lay = model.residents, model.group_names, model.metric_layout
    n = len(r)
    cells, n_cells, matrix = lay.cells, lay.n_cells, lay.matrix
    view_names = lay.view_names
    view_keys, view_places, by_outcome_keys = _keys(tuple(view_names))
    # Residents by cell and state (exact counts, so summing them in any order is exact), and
    # the other tallies of one pass over the residents.
    by_state, ever_in_cell, outcome_sums, by_channel_count, ever_by_channel, freq = _tallies(
        cells, r.state, r.ever_participated, tuple(getattr(r, o) for o in OUTCOMES),
        r.channel, r.contacts, n_cells, _N_STATES, _N_CHANNELS,
    )  # fmt: skip
    states = by_state.sum(axis=0)
    n_organisers = int(states[State.ORGANISER])
    n_part = int(states[State.PARTICIPANT]) + n_organisers
    part = r.participating
    n_ever = int(np.count_nonzero(r.ever_participated))
    counts = np.empty((n_cells, 3))
    counts[:, 0] = by_state[:, State.PARTICIPANT] + by_state[:, State.ORGANISER]
    counts[:, 1] = by_state.sum(axis=1) - by_state[:, State.UNAWARE]  # aware
    counts[:, 2] = ever_in_cell
    in_view = matrix @ counts
    per_view = lay.per_view
    in_part = in_view[:, 0]
    n_groups = len(names)

    out: dict[str, float] = {
        "participants": float(n_part),
        "organisers": float(n_organisers),
        "dropped_out": float(states[State.DROPPED_OUT]),
        "participation_rate": n_part / n,
        "ever_reached": (n - int(states[State.UNAWARE])) / n,
        "ever_participated": n_ever / n,
        "participation_bias": (
            participation_bias(in_part[:n_groups] / n_part, lay.view_share[:n_groups])
            if n_part
            else 0.0
        ),
    }
    # Rows: the rate, ever reached and ever participated (shares of each view), and the
    # representation (0 for an empty view, and when nobody takes part).
    by_view = np.zeros((len(_VIEW_MEASURES), len(view_names)))
    np.divide(in_view.T, per_view, out=by_view[:3])
    if n_part:
        np.divide(in_part / n_part, lay.view_share, out=by_view[3], where=lay.nonempty)
    out.update(zip(view_keys, by_view.ravel()[view_places].tolist()))
    for outcome, outcome_keys, sums in zip(OUTCOMES, by_outcome_keys, outcome_sums):
        values = getattr(r, outcome)
        means = matrix @ sums / per_view
        out[outcome_keys[0]] = _float_mean(values)
        out.update(zip(outcome_keys[1:], means.tolist()))

    n_week = len(week_contacts)
    out["contacts"] = float(n_week)
    out["contacts_to_participants"] = suspect_contacts / n_week if n_week else 0.0
    total = r.contacts.sum()
    if total:
        out["contact_gini"] = _gini(freq, n, total)
        out["contact_top10_share"] = _top_share(freq, n, total)
    else:
        out["contact_gini"] = out["contact_top10_share"] = 0.0
    # Columns: new this week, first heard by, took part of them, and their uptake (0 for a
    # channel that informed nobody: the convention of every empty view).
    by_channel = np.zeros((_N_CHANNELS, 4))
    by_channel[_CHANNELS, 0] = [model.new_aware.get(c, 0) for c in _CHANNELS]
    by_channel[:, 1] = by_channel_count / n
    by_channel[:, 2] = ever_by_channel
    by_channel[:, 2] /= n
    np.divide(by_channel[:, 2], by_channel[:, 1], out=by_channel[:, 3], where=by_channel[:, 1] > 0)
    out.update(zip(_CHANNEL_KEYS, by_channel[_CHANNELS].ravel().tolist()))

    gap = out["health[high_ses]"] - out["health[low_ses]"]
    out["health_gap"] = gap
    out["hly_gap_proxy"] = gap * HLY_PER_HEALTH_UNIT
    out["hly_gap_change"] = out["hly_gap_proxy"] - lay.start_hly_gap
    out["health_gap[low_ses,female-male]"] = (
        out["health[low_ses,female]"] - out["health[low_ses,male]"]
    )
    out["frustration[participants]"] = _float_mean(r.frustration[part]) if n_part else 0.0
    out["lifestyle"] = _float_mean(r.lifestyle)
    out["phase"] = float(model.phase)
    out["funding"] = float(model.funding)
    out["activity_supply"] = float(model.supply)
    out["activity_kept"] = float(model.kept)
    out["integration"] = float(model.integration)
    out["professionals"] = float(len(model.agents_by_type.get(Professional, ())))
    out["bekende_gezichten"] = float(len(model.agents_by_type.get(BekendGezicht, ())))
    out.update(model.events)
    return out


@compiled
def _tallies(cells, state, ever, outcomes, channel, contacts, n_cells, n_states, n_channels):
    """What :func:`compute_metrics` counts and sums over the residents, in one pass: by
    (subgroup, gender) cell the residents in each state, those who ever took part and the
    sum of each outcome; by channel the residents and those who ever took part; and the
    histogram of contacts. Each sum adds the residents in order, as ``np.bincount`` does."""
    by_state = np.zeros((n_cells, n_states), np.int64)
    ever_in_cell = np.zeros(n_cells)
    sums = np.zeros((len(outcomes), n_cells))
    by_channel = np.zeros(n_channels, np.int64)
    ever_by_channel = np.zeros(n_channels)
    freq = np.zeros(contacts.max() + 1, np.int64)
    for i in range(len(cells)):
        c = cells[i]
        by_state[c, state[i]] += 1
        ever_in_cell[c] += ever[i]
        for o in range(len(outcomes)):
            sums[o, c] += outcomes[o][i]
        by_channel[channel[i]] += 1
        ever_by_channel[channel[i]] += ever[i]
        freq[contacts[i]] += 1
    return by_state, ever_in_cell, sums, by_channel, ever_by_channel, freq


def horizon_summary(df: pd.DataFrame, funding_weeks: int, lang: str = "en") -> pd.DataFrame:
    """Key outcomes (view ``horizon`` of :mod:`sim.outputs`) at the start, at the funding
    horizon (if reached) and at the end: what the initiative leaves behind. The rows of view
    ``horizon_total`` (exits, referrals) are summed over the weeks so far."""
    ticks = {"start": df.index[0]}
    if funding_weeks < df.index[-1]:
        ticks["funding horizon"] = funding_weeks
    ticks["end"] = df.index[-1]
    rows = {
        c.title(lang): [df.at[t, c.name] * c.scale for t in ticks.values()]
        for c in shown_in("horizon")
    }
    for c in shown_in("horizon_total"):
        total = df[c.name].cumsum()
        rows[c.title(lang)] = [total.at[t] for t in ticks.values()]
    return pd.DataFrame.from_dict(
        rows, orient="index", columns=[f"{k} (week {t})" for k, t in ticks.items()]
    )


def subgroup_summary(
    df: pd.DataFrame,
    subgroups: Sequence[Subgroup],
    population: Sequence[float] | np.ndarray,
    lang: str = "en",
) -> pd.DataFrame:
    """Who took part, by subgroup, against their share of the population, at the last tick
    (view ``subgroups`` of :mod:`sim.outputs`). ``population`` is each subgroup's share."""
    last = df.iloc[-1]
    labels = subgroup_labels(subgroups)
    cols = shown_in("subgroups", labels)
    rows = []
    for i, g in enumerate(subgroups):
        row: dict[str, object] = {
            "subgroup": g.display_label(lang),
            "SES": "low" if g.low_ses else "higher",
            "population (%)": 100 * population[i],
        }
        for c in cols:
            if c.name.endswith(f"[{g.name}]"):
                row[pick(BY_NAME[c.name.split("[")[0]].label, lang) + UNITS[c.unit]] = (
                    c.scale * last[c.name]
                )
        row["share of participants (%)"] = 100 * population[i] * last[f"representation[{g.name}]"]
        rows.append(row)
    return pd.DataFrame(rows).set_index("subgroup")


def undefined_note(model) -> str:
    """One line naming the outputs a run cannot define because a view has no residents (a
    subgroup too small to get any, no low-SES or no higher-SES subgroup, only women or only
    men), or ``""``. Those outputs follow the convention of every empty view: 0."""
    lay = model.metric_layout
    size = lay.matrix @ np.bincount(lay.cells, minlength=lay.n_cells)
    empty = [v for v, s in zip(lay.view_names, size) if s == 0]
    if not empty:
        return ""
    also = []
    if "low_ses" in empty or "high_ses" in empty:
        also += ["health_gap", "hly_gap_proxy", "hly_gap_change"]
    if "low_ses,female" in empty or "low_ses,male" in empty:
        also.append("health_gap[low_ses,female-male]")
    shown = ", ".join(empty)
    tail = f", and so are {', '.join(also)}" if also else ""
    return (
        f"Note: no residents in {shown}: outputs by "
        f"{'that view' if len(empty) == 1 else 'those views'} (e.g. "
        f"participation_rate[{empty[0]}]) are undefined and shown as 0{tail}."
    )
