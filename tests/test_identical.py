"""Bit-for-bit regression: for the same seeds every output column is identical.

A restructuring that is meant to change no behaviour must leave these digests as they are.
The cases cover long runs with staff turnover, a key-person loss, familiar faces, a residents'
organisation, a scheduled event and scenarios with their own subgroups. A change that *is* meant to change
behaviour updates a digest and says so in its commit.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest

from sim.model import CoCreationModel
from sim.scenarios import load

#: name -> (scenario or parameters, ticks, seed, digest of every output column)
CASES = {
    "default": ({}, 260, 42, "bb49da7c811324a8"),
    "turnover-key-person": ({"turnover_rate": 0.05, "key_person_leaves_at": 100,
                             "n_bekende_gezichten": 6, "residents_organisation": 0.5},
                            260, 7, "38e52f2282c4affd"),
    "beringen": ("beringen", 260, 3, "ec3ea78f99bcf921"),
    "texel": ("texel", 260, 11, "79b49b288c67bb6a"),
    "zuiderveld-joure": ("zuiderveld-joure", 208, 9, "09bde8854ede7a1d"),  # a scheduled event
    "gonoord-leiden": ("gonoord-leiden", 200, 5, "05c621c854a46233"),
}


def digest(df: pd.DataFrame) -> str:
    """SHA-256 over every column (by name, so the column order does not matter)."""
    h = hashlib.sha256()
    for col in sorted(df.columns):
        h.update(col.encode())
        h.update(np.ascontiguousarray(df[col].to_numpy(dtype=np.float64)).tobytes())
    return h.hexdigest()[:16]


@pytest.mark.parametrize("name", list(CASES))
def test_outputs_identical_bit_for_bit(name):
    params, ticks, seed, expected = CASES[name]
    if isinstance(params, str):
        params = load(params).params
    model = CoCreationModel(rng=seed, **params)
    model.run_for(ticks)
    assert digest(model.datacollector.get_model_vars_dataframe()) == expected
