"""The model's shortcuts for NumPy calls (sim.arrays, the compiled mechanisms) return exactly
what the NumPy calls they replace return, and draw the same random numbers."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from sim import mechanisms as m
from sim.arrays import distinct, draws_without_replacement, float_sum
from sim.model import CoCreationModel

finite = st.floats(0, 1e6, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(hnp.arrays(np.float64, st.integers(0, 1200), elements=finite))
def test_float_sum_is_numpys_sum(a):
    assert float_sum(a) == np.sum(a)
    assert np.sum(a).tobytes() == np.float64(float_sum(a)).tobytes()


@pytest.mark.parametrize("n", [8, 127, 128, 129, 1000, 2500, 8193, 65_537, 1_000_003])
def test_float_sum_at_the_sizes_the_blocks_change(n):
    a = np.random.default_rng(n).random(n) * 1e3
    assert float_sum(a) == np.sum(a)
    assert float_sum(-a) == np.sum(-a)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**32), st.integers(1, 40), st.integers(2, 300))
def test_outreach_draws_as_rng_choice(seed, k, n):
    """The residents a professional meets are ``rng.choice``'s draws (with replacement, in
    proportion to the weights of those not taking part), distinct and sorted."""
    model = CoCreationModel(rng=1, n_residents=400)
    model.run_for(30)
    r = model.residents
    pick = np.random.default_rng(seed)
    candidates = pick.choice(len(r), size=min(n, len(r)), replace=False)
    weights = pick.random(len(candidates))
    w = weights * ~r.participating[candidates]
    expected = np.empty(0, dtype=np.int64)
    if w.sum() > 0:
        expected = np.unique(np.random.default_rng(seed).choice(candidates, k, p=w / w.sum()))
    got = m.outreach_contacts(candidates, weights, r, k, np.random.default_rng(seed))
    assert got.tolist() == expected.tolist()


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**32), st.integers(1, 50), st.integers(1, 500))
def test_usual_suspects_as_rng_choice(seed, k, n):
    pick = np.random.default_rng(seed)
    weights = pick.random(n) * (pick.random(n) < 0.3)
    p = CoCreationModel(rng=1, n_residents=50).p
    rng = np.random.default_rng(seed)
    got = m.usual_suspects(weights, k, p, rng, m.suspect_cdf(weights))
    ref = np.random.default_rng(seed)
    drawn = ref.binomial(k, p.tunnelvisie)
    expected = []
    if drawn > 0 and weights.sum() > 0:
        expected = np.unique(ref.choice(n, drawn, p=weights / weights.sum())).tolist()
    assert got.tolist() == expected
    assert rng.random() == ref.random()  # and the same numbers were drawn


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**32), st.integers(1, 12), st.integers(12, 200))
def test_draws_without_replacement_as_rng_choice(seed, k, n):
    pick = np.random.default_rng(seed)
    a = pick.choice(10_000, n, replace=False)
    prob = pick.random(n)
    prob /= prob.sum()
    got = draws_without_replacement(a, k, prob, np.random.default_rng(seed))
    expected = np.random.default_rng(seed).choice(a, k, replace=False, p=prob)
    assert got.tolist() == expected.tolist()


@given(hnp.arrays(np.int64, st.integers(1, 100), elements=st.integers(-50, 50)))
def test_distinct_is_unique(x):
    assert distinct(x).tolist() == np.unique(x).tolist()


def test_compiled_code_calls_compiled_code_of_its_own_module_only():
    """numba renews a cached function when its own file changes, not when a file it calls
    into does: a compiled function that called another module's could run stale code."""
    import importlib
    import pkgutil

    from numba.core.registry import CPUDispatcher

    import sim

    seen = 0
    for info in pkgutil.iter_modules(sim.__path__):
        if info.name == "__main__":  # (runs the command line)
            continue
        module = importlib.import_module(f"sim.{info.name}")
        for name, fn in vars(module).items():
            if not isinstance(fn, CPUDispatcher) or fn.py_func.__module__ != module.__name__:
                continue
            seen += 1
            for used in fn.py_func.__code__.co_names:
                other = vars(module).get(used)
                if isinstance(other, CPUDispatcher):
                    assert other.py_func.__module__ == module.__name__, (name, used)
    assert seen >= 20  # the check saw the model's compiled loops
