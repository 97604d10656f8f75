"""The model is a conventional Mesa model: default construction, run_for, batch_run."""

from __future__ import annotations

import inspect

import mesa
import pandas as pd
import pytest

from sim.agents import BekendGezicht, Professional, Resident
from sim.model import CoCreationModel
from sim.parameters import PARAMETER_NAMES


def test_builds_with_no_arguments_and_runs_ten_ticks():
    model = CoCreationModel()  # unseeded: only what holds for every seed is checked
    assert len(model.agents_by_type[Resident]) == model.p.n_residents == 2500
    assert len(model.agents_by_type[Professional]) == model.p.n_professionals
    assert len(model.agents_by_type[BekendGezicht]) == model.p.n_bekende_gezichten
    model.run_for(10)
    assert model.time == 10.0
    assert model.steps == 10
    assert len(model.agents_by_type[Resident]) == 2500
    # Familiar faces may stop (a weekly chance) and are not replaced; professionals are.
    assert len(model.agents_by_type.get(BekendGezicht, ())) <= model.p.n_bekende_gezichten
    df = model.datacollector.get_model_vars_dataframe()
    assert len(df) == 11  # the initial state plus one row per tick


def test_signature_lists_every_parameter_as_keyword_with_default():
    sig = inspect.signature(CoCreationModel)
    names = [n for n in sig.parameters if n != "rng"]
    assert names == list(PARAMETER_NAMES)
    for p in sig.parameters.values():
        assert p.kind is inspect.Parameter.KEYWORD_ONLY
        assert p.default is not inspect.Parameter.empty


def test_mesa_batch_run_over_two_values_and_two_seeds():
    rows = mesa.batch_run(CoCreationModel, {"outreach": [0.1, 0.6], "n_residents": 300},
                          rng=[1, 2], max_steps=5, number_processes=1,
                          display_progress=False)
    df = pd.DataFrame(rows)
    runs = df[["outreach", "iteration"]].drop_duplicates()
    assert len(runs) == 4
    assert {"participation_rate", "participation_bias", "Step"} <= set(df.columns)
    assert df["Step"].max() == 5


def test_agents_read_the_model_arrays():
    model = CoCreationModel(n_residents=300, rng=3)
    model.run_for(30)
    resident = next(iter(model.agents_by_type[Resident]))
    r, i = model.residents, resident.index
    assert resident.subgroup == model.group_names[r.group[i]]
    assert resident.trust == r.trust[i]
    assert resident.cell.coordinate == tuple(r.home[i])
    assert resident.state in {"unaware", "aware", "participant", "organiser", "dropped_out"}


def test_agent_level_collection_is_optional():
    off = CoCreationModel(n_residents=200, rng=1)
    off.run_for(3)
    with pytest.warns(UserWarning, match="No agent-type reporters"):
        assert off.datacollector.get_agenttype_vars_dataframe(Resident).empty
    on = CoCreationModel(n_residents=200, rng=1, collect_agents=True)
    on.run_for(3)
    agents = on.datacollector.get_agenttype_vars_dataframe(Resident)
    assert len(agents) == 4 * 200
    assert {"state", "contacts"} <= set(agents.columns)


def test_a_finished_model_leaves_nothing_behind_with_pickle():
    """Mesa registers each grid's cell class with pickle (copyreg) for good; the model lets
    go of it with its grid, so that a sweep's worker does not grow with every run (issue 15:
    worker memory flat)."""
    import copyreg
    import gc

    CoCreationModel(rng=0, n_residents=100).run_for(1)
    gc.collect()
    before = len(copyreg.dispatch_table)
    for seed in range(1, 4):
        CoCreationModel(rng=seed, n_residents=100).run_for(2)
    gc.collect()
    assert len(copyreg.dispatch_table) == before
