"""Invariants over valid parameters (hypothesis), and bit-for-bit reproducibility."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.agents import Resident
from sim.model import CoCreationModel
from sim.parameters import Parameters, parameter_table
from sim.population import State

#: Every numeric parameter over its whole allowed range, but small neighbourhoods.
_RANGES = {row["name"]: (row["min"], row["max"]) for row in parameter_table()
           if row["min"] is not None}
_RANGES["n_residents"] = (50, 400)
_RANGES["n_professionals"] = (0, 12)
_RANGES["n_bekende_gezichten"] = (0, 12)
_RANGES["funding_weeks"] = (1, 400)  # so that the horizon falls inside the run


def _strategy(name: str, lo, hi):
    if Parameters.model_fields[name].annotation is int:
        return st.integers(int(lo), int(hi))
    return st.floats(float(lo), float(hi), allow_nan=False)


valid_params = st.fixed_dictionaries({}, optional={n: _strategy(n, lo, hi)
                                                   for n, (lo, hi) in _RANGES.items()})

#: Long enough for every phase, the funding horizon and years after it.
TICKS = 400


def p_horizon(model) -> int:
    return model.p.funding_weeks


SHARES = ("participation_rate", "ever_reached", "ever_participated", "participation_bias",
          "contact_gini", "contact_top10_share", "contacts_to_participants", "aware_by",
          "regie", "trust", "support", "stress", "health", "lifestyle", "integration",
          "activity_supply", "funding")


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(params=valid_params, seed=st.integers(0, 2**32 - 1))
def test_invariants_hold_for_any_valid_parameters(params, seed):
    model = CoCreationModel(rng=seed, **params)
    n = model.p.n_residents
    for week in range(1, TICKS + 1):
        model.step()
        if week % 20 and week != p_horizon(model):
            continue
        r = model.residents
        # Population conserved: every resident in exactly one state, agents and arrays agree.
        assert np.bincount(r.state, minlength=len(State)).sum() == n
        assert len(model.agents_by_type[Resident]) == n
        assert set(np.unique(r.state)) <= {s.value for s in State}
        # Participants are aware; organisers participated.
        assert not (r.participating & ~r.aware).any()
        assert (r.ever_participated[r.participating]).all()
        for name in ("regie", "trust", "support", "stress", "health", "lifestyle"):
            values = getattr(r, name)
            assert np.all((values >= 0) & (values <= 1)), name
        assert np.all(r.frustration >= 0)
        assert 0 <= model.integration <= 1 and 0 <= model.supply <= 1
    df = model.datacollector.get_model_vars_dataframe()
    assert len(df) == TICKS + 1
    assert not df.isna().any().any()
    shares = df[[c for c in df.columns if c.split("[")[0] in SHARES]]
    assert shares.shape[1] > 60
    assert ((shares >= 0) & (shares <= 1 + 1e-12)).all().all()
    ever = df[[c for c in df.columns if c.startswith("ever_reached")]]
    assert (ever.diff().iloc[1:] >= 0).all().all()  # reach never shrinks
    pop_share = np.bincount(model.residents.group) / n
    for i, name in enumerate(model.group_names):
        assert (df[f"representation[{name}]"] <= 1 / pop_share[i] + 1e-9).all()
        assert (df[f"representation[{name}]"] >= 0).all()


def _table(seed: int, **params) -> pd.DataFrame:
    model = CoCreationModel(rng=seed, n_residents=800, **params)
    model.run_for(400)
    return model.datacollector.get_model_vars_dataframe()


def test_same_seed_same_output_bit_for_bit():
    a, b = _table(7), _table(7)
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    m1, m2 = CoCreationModel(rng=7), CoCreationModel(rng=7)
    m1.run_for(20)
    m2.run_for(20)
    for field in ("state", "channel", "contacts", "trust", "home"):
        assert np.array_equal(getattr(m1.residents, field), getattr(m2.residents, field))


def test_different_seeds_differ():
    a, b = _table(7), _table(8)
    assert not a.equals(b)
    assert (a["participation_rate"] != b["participation_rate"]).any()


def test_seed_typed_as_text_is_the_same_seed():
    a = CoCreationModel(rng="11", n_residents=300)
    b = CoCreationModel(rng=11, n_residents=300)
    a.run_for(10)
    b.run_for(10)
    assert np.array_equal(a.residents.state, b.residents.state)
