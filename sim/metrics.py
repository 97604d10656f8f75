"""What the model reports every tick: who takes part, who is reached, and how biased that is.

All values are plain floats, so that the DataCollector, the command line and batch runs get
one tidy row per tick. Conventions when nobody takes part yet: representation ratios are 0
and the participation-bias index is 0 (there is nobody to be unrepresentative).
"""

from __future__ import annotations

import numpy as np

from sim.population import CHANNEL_NAMES, Residents, State


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
    if total == 0:
        return 0.0
    n = len(counts)
    freq = np.bincount(counts)
    values = np.arange(len(freq))
    below = np.concatenate([[0], np.cumsum(freq)[:-1]])  # residents with smaller counts
    rank_sum = values * (freq * below + freq * (freq + 1) / 2)
    return float(2 * rank_sum.sum() / (n * total) - (n + 1) / n)


def top_share(counts: np.ndarray, top: float = 0.1) -> float:
    """Share of all counts held by the ``top`` fraction of residents with the highest counts."""
    total = counts.sum()
    if total == 0:
        return 0.0
    freq = np.bincount(counts)[::-1]  # residents per count, highest count first
    values = np.arange(len(freq))[::-1]
    k = top * len(counts)
    taken = np.minimum(freq, np.maximum(k - np.concatenate([[0], np.cumsum(freq)[:-1]]), 0))
    return float((taken * values).sum() / total)


def compute_metrics(r: Residents, group_names: list[str], week_contacts: np.ndarray,
                    suspect_contacts: int, new_aware: dict[int, int]) -> dict[str, float]:
    """All per-tick outputs as ``{column: value}``.

    ``week_contacts`` are the residents contacted by professionals this week (with
    repetition), ``suspect_contacts`` how many of those contacts went to residents who were
    already taking part, ``new_aware`` how many residents each channel informed this week.
    """
    n, g = len(r), len(group_names)
    part = r.participating
    aware = r.aware
    n_part = int(part.sum())
    pop = np.bincount(r.group, minlength=g)
    in_part = np.bincount(r.group, weights=part, minlength=g)
    reached = np.bincount(r.group, weights=aware, minlength=g)
    ever = np.bincount(r.group, weights=r.ever_participated, minlength=g)
    pop_share = pop / n
    part_share = in_part / n_part if n_part else np.zeros(g)

    out: dict[str, float] = {
        "participants": float(n_part),
        "organisers": float((r.state == State.ORGANISER).sum()),
        "dropped_out": float((r.state == State.DROPPED_OUT).sum()),
        "participation_rate": n_part / n,
        "ever_reached": float(aware.mean()),
        "ever_participated": float(r.ever_participated.mean()),
        "participation_bias": participation_bias(part_share, pop_share) if n_part else 0.0,
    }
    for i, name in enumerate(group_names):
        size = max(pop[i], 1)
        out[f"participation_rate[{name}]"] = in_part[i] / size
        out[f"ever_reached[{name}]"] = reached[i] / size
        out[f"ever_participated[{name}]"] = ever[i] / size
        out[f"representation[{name}]"] = part_share[i] / pop_share[i] if pop[i] else 0.0

    for ses, mask in (("low_ses", r.low_ses), ("high_ses", ~r.low_ses)):
        size = max(mask.sum(), 1)
        out[f"participation_rate[{ses}]"] = float((part & mask).sum() / size)
        out[f"ever_reached[{ses}]"] = float((aware & mask).sum() / size)
        out[f"representation[{ses}]"] = (
            float((part & mask).sum() / n_part / (mask.sum() / n)) if n_part and mask.any()
            else 0.0)
        for sex, smask in (("female", r.female), ("male", ~r.female)):
            cell = mask & smask
            out[f"participation_rate[{ses},{sex}]"] = float(
                (part & cell).sum() / max(cell.sum(), 1))

    n_week = len(week_contacts)
    out["contacts"] = float(n_week)
    out["contacts_to_participants"] = suspect_contacts / n_week if n_week else 0.0
    out["contact_gini"] = gini(r.contacts)
    out["contact_top10_share"] = top_share(r.contacts)
    for channel, name in CHANNEL_NAMES.items():
        out[f"new_aware[{name}]"] = float(new_aware.get(channel, 0))
        out[f"aware_by[{name}]"] = float((r.channel == channel).mean())
    return out
