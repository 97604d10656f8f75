"""The neighbourhood: grid layout, who lives where, the vindplaatsen, and who knows whom.

Everything here runs once, at set-up, and returns plain NumPy arrays indexed by resident.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.spatial import cKDTree

from sim.parameters import Parameters

#: Places where residents already come (000 L3322-3357, L4588-4590; 002 l.1488-1490).
VINDPLAATS_KINDS: tuple[str, ...] = (
    "school",
    "community_centre",
    "gp_practice",
    "market",
    "library",
)
#: Residents per vindplaats of each kind; a larger neighbourhood gets more of them (assumption).
RESIDENTS_PER_VINDPLAATS = 2500


@dataclass(frozen=True)
class Layout:
    """Grid size and the positions of dwellings, vindplaatsen and the office."""

    width: int
    height: int
    office: tuple[int, int]
    sites: dict[str, np.ndarray]  # kind -> (k, 2) array of (x, y)
    dwellings: np.ndarray  # (n_dwellings, 2) in spatial order (see _spatial_order)


def make_layout(params: Parameters) -> Layout:
    """A square grid with room for every resident, vindplaatsen spread evenly, office central."""
    per_kind = max(1, round(params.n_residents / RESIDENTS_PER_VINDPLAATS))
    # Sites on a regular lattice so that every resident has each kind of place nearby.
    k = int(np.ceil(np.sqrt(per_kind * len(VINDPLAATS_KINDS) + 1)))
    side = int(np.ceil(np.sqrt(params.n_residents / params.dwelling_density)))
    side = max(side, int(np.ceil(np.sqrt(params.n_residents + k * k))), k)
    lattice = [
        (int((i + 0.5) * side / k), int((j + 0.5) * side / k)) for j in range(k) for i in range(k)
    ]
    centre = lattice.pop(len(lattice) // 2)
    sites = {
        kind: np.array(lattice[i :: len(VINDPLAATS_KINDS)][:per_kind])
        for i, kind in enumerate(VINDPLAATS_KINDS)
    }
    taken = np.zeros((side, side), dtype=bool)
    for x, y in (centre, *lattice):
        taken[x, y] = True
    order = _spatial_order(side)
    dwellings = order[~taken[order[:, 0], order[:, 1]]]
    return Layout(side, side, centre, sites, dwellings)


def _spatial_order(side: int, band: int = 6) -> np.ndarray:
    """Cells (x, y) in bands of ``band`` rows, snaking, so that runs of this order are compact
    areas: within a band x runs up (or down, every other band), and for each x the band's y
    run up."""
    bands = []
    for b, y0 in enumerate(range(0, side, band)):
        xs = np.arange(side) if b % 2 == 0 else np.arange(side - 1, -1, -1)
        ys = np.arange(y0, min(y0 + band, side))
        bands.append(np.stack(np.meshgrid(xs, ys, indexing="ij"), axis=-1).reshape(-1, 2))
    return np.concatenate(bands)


def place_residents(
    group: np.ndarray, layout: Layout, clustering: float, rng: np.random.Generator
) -> np.ndarray:
    """Home (x, y) of each resident, with a tunable degree of spatial clustering by subgroup.

    Residents sorted by subgroup fill the dwellings in spatial order, so each subgroup gets
    its own contiguous area; then a share ``1 - clustering`` of them swap homes at random.
    """
    n = len(group)
    dwellings = layout.dwellings[np.sort(rng.choice(len(layout.dwellings), n, replace=False))]
    slots = np.empty(n, dtype=np.int64)
    slots[np.argsort(group, kind="stable")] = np.arange(n)
    mixed = np.flatnonzero(rng.random(n) >= clustering)
    slots[mixed] = slots[rng.permutation(mixed)]
    return dwellings[slots]


def nearest_site(home: np.ndarray, sites: np.ndarray) -> np.ndarray:
    """Index of the nearest site (Chebyshev distance, as on the grid) for each home."""
    return cKDTree(sites).query(home, p=np.inf)[1]


def make_ties(
    home: np.ndarray,
    group: np.ndarray,
    female: np.ndarray,
    side: int,
    params: Parameters,
    rng: np.random.Generator,
) -> sparse.csr_matrix:
    """Undirected social ties: mostly local, homophilous by subgroup and gender.

    Each resident proposes candidates (nearby with chance ``tie_locality``, else anyone);
    a candidate from another subgroup is refused with chance ``homophily`` and one of the
    other gender with chance ``gender_homophily`` (000 L1265-1277, L4322-4326). Each resident
    keeps up to ``mean_ties / 2`` accepted proposals; symmetrising gives close to
    ``mean_ties`` on average (a little under it, as repeated and mutual proposals collapse
    into one tie: about 7.1 for the default 8).
    """
    n = len(group)
    per = max(1, int(round(params.mean_ties / 2)))
    tries = per * 6
    occupant = np.full((side, side), -1, dtype=np.int64)
    occupant[home[:, 0], home[:, 1]] = np.arange(n)

    src = np.repeat(np.arange(n), tries)
    local = rng.random(src.size) < params.tie_locality
    r = params.tie_radius
    off = rng.integers(-r, r + 1, size=(src.size, 2))
    xy = np.minimum(np.maximum(home[src] + off, 0), side - 1)  # kept on the grid (np.clip, faster)
    dst = np.where(local, occupant[xy[:, 0], xy[:, 1]], rng.integers(0, n, src.size))

    keep = (dst >= 0) & (dst != src)
    refuse = ((group[src] != group[dst]) & (rng.random(src.size) < params.homophily)) | (
        (female[src] != female[dst]) & (rng.random(src.size) < params.gender_homophily)
    )
    keep &= ~refuse
    # Keep each resident's first `per` accepted proposals.
    rank = np.cumsum(keep.reshape(n, tries), axis=1).ravel()
    keep &= rank <= per
    a, b = src[keep], dst[keep]
    m = sparse.coo_matrix((np.ones(a.size, dtype=np.float32), (a, b)), shape=(n, n)).tocsr()
    m = ((m + m.T) > 0).astype(np.float32)
    return m.tocsr()
