"""The model core reads as named rules: each rule is a small function of typed parameters,
and the week is a short list of phases that call them."""

from __future__ import annotations

import inspect

import numpy as np
import pytest

from sim import dynamics as d
from sim import mechanisms as m
from sim.agents import Professional
from sim.model import CoCreationModel
from sim.parameters import Parameters

RULE_MODULES = [m, d]


def _rules():
    for module in RULE_MODULES:
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == module.__name__:
                yield f"{module.__name__}.{name}", fn


@pytest.mark.parametrize("name,fn", list(_rules()))
def test_every_rule_has_a_docstring_and_typed_parameters(name, fn):
    assert inspect.getdoc(fn), f"{name} has no docstring"
    sig = inspect.signature(fn)
    if "p" in sig.parameters:
        assert sig.parameters["p"].annotation in ("Parameters", Parameters), (
            f"{name}: annotate p as Parameters")


def test_rule_docstrings_point_only_at_files_users_have():
    for module in RULE_MODULES:
        text = inspect.getsource(module)
        assert "MODEL_BRIEF" not in text and "../shared" not in text


def test_door_to_door_block_is_the_square_around_a_home_cut_at_the_edge():
    occupant = np.arange(100).reshape(10, 10)
    occupant[5, 5] = -1  # an empty cell
    assert sorted(m.door_to_door_block(occupant, 0, 0, 1)) == [0, 1, 10, 11]
    block = m.door_to_door_block(occupant, 5, 5, 2)
    assert len(block) == 24 and -1 not in block


def test_door_to_door_radius_is_a_parameter():
    model = CoCreationModel(rng=1, n_residents=300, door_to_door_share=1.0,
                            door_to_door_radius=20)
    pro = next(iter(model.agents_by_type[Professional]))
    _, met, weights = pro.outreach_location()
    assert len(met) == 300 and len(weights) == 300  # the whole small grid is within 20
    model.run_for(3)


def test_the_key_person_is_the_longest_serving_and_not_replaced_at_once():
    p = Parameters(turnover_rate=0.0, key_person_leaves_at=5)
    rng = np.random.default_rng(0)
    replaced, key = d.staff_leaving(np.array([3.0, 40.0, 7.0]), 5, p, rng)
    assert key == 1 and not replaced.any()
    replaced, key = d.staff_leaving(np.array([3.0, 40.0, 7.0]), 6, p, rng)
    assert key == -1
    assert d.staff_leaving(np.array([]), 5, p, rng)[1] == -1


def test_paid_faces_stop_only_when_the_funding_ends():
    p = Parameters()
    paid = np.array([True, False, True])
    assert not d.paid_faces_stop(p.funding_weeks, paid, p).any()
    assert list(d.paid_faces_stop(p.funding_weeks + 1, paid, p)) == [True, False, True]


def test_ties_settle_every_few_weeks():
    weeks = [w for w in range(1, 13) if d.ties_settle(w)]
    assert weeks == list(range(d.TIE_MERGE_WEEKS, 13, d.TIE_MERGE_WEEKS))


def test_the_week_is_a_short_schedule():
    body = inspect.getsource(CoCreationModel.step).splitlines()
    calls = [line.strip() for line in body if line.strip().startswith("self._")]
    assert len(calls) <= 12 and len(body) <= 15
