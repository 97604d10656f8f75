"""The small functions, checked against values worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest

from sim import mechanisms as m
from sim.metrics import gini, participation_bias, top_share
from sim.model import CoCreationModel
from sim.neighbourhood import make_layout, place_residents
from sim.parameters import validate_parameters
from sim.population import State, draw_residents


def test_gini_matches_pairwise_definition():
    rng = np.random.default_rng(0)
    x = rng.integers(0, 7, 300)
    pairwise = np.abs(x[:, None] - x[None, :]).sum() / (2 * len(x) ** 2 * x.mean())
    assert gini(x) == pytest.approx(pairwise)
    assert gini(np.zeros(5, dtype=int)) == 0.0
    assert gini(np.array([0, 0, 0, 4])) == pytest.approx(0.75)


def test_top_share():
    assert top_share(np.array([10] + [0] * 9)) == 1.0
    assert top_share(np.ones(20, dtype=int)) == pytest.approx(0.1)
    assert top_share(np.array([5, 3, 1, 1, 0, 0, 0, 0, 0, 0]), top=0.2) == pytest.approx(0.8)


def test_participation_bias_is_dissimilarity_index():
    pop = np.array([0.3, 0.7])
    assert participation_bias(pop, pop) == 0.0
    assert participation_bias(np.array([1.0, 0.0]), pop) == pytest.approx(0.7)


def test_threshold_falls_with_laagdrempeligheid_but_not_to_zero_and_rises_with_structure():
    e = np.array([0.0, 1.0])
    plain = validate_parameters(laagdrempeligheid=0.0, structure=0.0, bekend_gezicht_relief=0.5)
    assert m.threshold(e, plain).tolist() == [1.0, 0.5]
    low = plain.model_copy(update={"laagdrempeligheid": 1.0, "max_threshold_relief": 0.8})
    assert m.threshold(e, low) == pytest.approx([0.2, 0.1])
    formal = plain.model_copy(update={"structure": 1.0, "formality_barrier": 0.5})
    assert m.threshold(e, formal) == pytest.approx([1.5, 0.75])


def _residents(n=400, seed=0):
    p = validate_parameters(n_residents=n)
    return p, draw_residents(p, np.random.default_rng(seed))


def test_participation_score_terms_have_the_documented_signs():
    p, r = _residents()
    zero = np.zeros(len(r))
    base = m.participation_score(r, zero, zero, zero, np.ones(len(r)), p)
    assert np.all(m.participation_score(r, zero + 1, zero, zero, np.ones(len(r)), p) > base)
    assert np.all(m.participation_score(r, zero, zero + 0.5, zero, np.ones(len(r)), p) > base)
    lower = m.participation_score(r, zero, zero, zero, np.full(len(r), 0.2), p)
    # Lowering the threshold helps each resident in proportion to their barriers (P3).
    gain = lower - base
    barrier = p.w_stress * r.stress + p.w_language * (1 - r.language)
    assert gain == pytest.approx(0.8 * barrier)


def test_composition_pull_attracts_own_group_and_mixing_softens_push():
    p, r = _residents()
    r.state[(r.group == 0) & r.female] = State.PARTICIPANT
    pull = m.composition_pull(r, len(p.subgroups), 1.0, 0.0, 0.0)
    assert np.all(pull[r.group == 0] > 0) and np.all(pull[r.group != 0] < 0)
    mixed = m.composition_pull(r, len(p.subgroups), 1.0, 0.0, 1.0)
    assert np.all(mixed[r.group != 0] == 0) and np.all(mixed[r.group == 0] > 0)
    by_gender = m.composition_pull(r, len(p.subgroups), 0.0, 1.0, 0.0)
    assert np.all(by_gender[r.female] > 0) and np.all(by_gender[~r.female] < 0)


def test_nobody_taking_part_means_no_composition_pull():
    p, r = _residents()
    assert np.all(m.composition_pull(r, len(p.subgroups), 2.0, 2.0, 0.0) == 0)


def test_passive_channel_favours_literate_trusting_residents():
    p, r = _residents(20000)
    got = m.passive_channel(r, 0.5, np.random.default_rng(1))
    expected = 0.5 * r.literacy * r.trust
    assert got.mean() == pytest.approx(expected.mean(), abs=0.01)
    hi = r.literacy * r.trust > np.median(r.literacy * r.trust)
    assert got[hi].mean() > 2 * got[~hi].mean()


def test_desk_visits_come_from_high_capacity_and_respect_slots():
    cap = np.linspace(0, 1, 10000)
    rng = np.random.default_rng(2)
    visitors = m.desk_visits(cap, 0.2, 10**6, rng)
    assert np.mean(cap[visitors]) > 0.7  # E[cap | visit] = 3/4 for cap ~ U(0,1)
    assert len(m.desk_visits(cap, 0.2, 5, rng)) == 5


def test_familiarity_grows_with_tenure():
    assert m.familiarity(0, 52) == 0
    assert m.familiarity(52, 52) == pytest.approx(1 - np.exp(-1))
    assert m.familiarity(520, 52) > 0.99


@pytest.mark.parametrize("clustering", [0.0, 1.0])
def test_spatial_clustering_controls_how_mixed_the_neighbours_are(clustering):
    p = validate_parameters(n_residents=2000, spatial_clustering=clustering)
    r = draw_residents(p, np.random.default_rng(3))
    home = place_residents(r.group, make_layout(p), clustering, np.random.default_rng(4))
    assert len({tuple(h) for h in home}) == len(r)  # one resident per dwelling
    # Share of a resident's 8-neighbourhood from the same subgroup.
    side = make_layout(p).width
    grid = np.full((side + 2, side + 2), -1)
    grid[home[:, 0] + 1, home[:, 1] + 1] = r.group
    same = []
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            if dx or dy:
                nb = grid[home[:, 0] + 1 + dx, home[:, 1] + 1 + dy]
                same.append(np.where(nb >= 0, nb == r.group, np.nan))
    like = np.nanmean(np.array(same))
    expected_random = (np.bincount(r.group) / len(r)) @ (np.bincount(r.group) / len(r))
    if clustering == 0.0:
        assert like == pytest.approx(expected_random, abs=0.05)
    else:
        assert like > 0.85


def test_ties_are_homophilous_and_local():
    model = CoCreationModel(rng=5, n_residents=2000, homophily=0.9)
    r, ties = model.residents, model.ties.tocoo()
    same_group = (r.group[ties.row] == r.group[ties.col]).mean()
    pop = np.bincount(r.group) / len(r)
    assert same_group > 2 * (pop @ pop)
    dist = np.abs(r.home[ties.row] - r.home[ties.col]).max(axis=1)
    assert np.mean(dist <= model.p.tie_radius) > 0.6
    assert (ties.row != ties.col).all()
    assert abs(model.ties - model.ties.T).sum() == 0  # undirected
