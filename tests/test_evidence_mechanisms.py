"""Directions of the mechanisms the evidence asked for (issue: agree with the evidence).

Each test names its source; the magnitudes are checked by ``cocreatie validate`` against the
target registry (``validation/``), not here. Tolerances: directions over several seeds, each
seed's difference counted, so one lucky seed cannot pass a test.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim import dynamics as d
from sim import mechanisms as m
from sim.agents import BekendGezicht
from sim.model import CoCreationModel
from sim.parameters import ParameterError, validate_parameters
from sim.scenarios import ScenarioError, load
from sim.seeds import replicate_seeds

SEEDS = replicate_seeds(0, 6)


def run(seed: int, weeks: int, **params) -> CoCreationModel:
    model = CoCreationModel(rng=seed, **params)
    model.run_for(weeks)
    return model


# --- scheduled events --------------------------------------------------------------------


def test_a_scheduled_joint_walk_raises_integration_in_its_week():
    """000 L3626-3637: the professionals' neighbourhood walk was a turning point."""
    quiet = {"joint_event_rate": 0.0, "turnover_rate": 0.0, "integration_decay": 0.0}
    walk = ({"week": 3, "kind": "joint_walk", "value": 0.5},)
    plain, walked = run(1, 2, **quiet), run(1, 2, events=walk, **quiet)
    assert walked.integration == plain.integration == pytest.approx(0.4)
    walked.step()
    assert walked.integration == pytest.approx(0.4 + 0.5 * 0.6)


def test_a_funding_event_sets_the_funded_level_until_the_horizon():
    p = validate_parameters(
        funding_weeks=20, structure=0.2, events=({"week": 5, "kind": "funding", "value": 0.5},)
    )
    assert [d.funding_level(w, p) for w in (4, 5, 20, 21)] == [1.0, 0.5, 0.5, 0.2]


def test_a_familiar_face_who_starts_knows_members_of_their_group():
    """000 L3221-3228: a bridge figure who starts later becomes the key familiar face."""
    event = {"week": 4, "kind": "familiar_face_starts", "group": "newcomers", "value": 2.0}
    model = run(3, 3, n_bekende_gezichten=0, events=(event,))
    assert BekendGezicht not in model.agents_by_type
    model.step()
    faces = list(model.agents_by_type[BekendGezicht])
    newcomers = model.group_names.index("newcomers")
    assert len(faces) == 2
    assert all((model.residents.group[f.network] == newcomers).all() for f in faces)


def test_a_scheduled_key_person_leaving_is_the_same_as_key_person_leaves_at():
    by_event = run(5, 40, events=({"week": 30, "kind": "key_person_leaves"},))
    by_week = run(5, 40, key_person_leaves_at=30)
    a = by_event.datacollector.get_model_vars_dataframe()
    b = by_week.datacollector.get_model_vars_dataframe()
    assert a.equals(b)
    assert a["exits[key_person]"].sum() > 0 or a["professionals_left"].sum() > 0


@pytest.mark.parametrize(
    "event, words",
    [
        ({"week": 5, "kind": "funding"}, "needs value"),
        ({"week": 5, "kind": "familiar_face_starts"}, "needs group"),
        ({"week": 5, "kind": "familiar_face_starts", "group": "nobody"}, "unknown subgroup"),
        ({"week": 5, "kind": "joint_walk", "group": "newcomers"}, "only for familiar"),
        ({"week": 0, "kind": "joint_walk"}, "week"),
        ({"week": 5, "kind": "party"}, "kind"),
    ],
)
def test_a_wrong_event_is_refused_with_one_readable_line(event, words):
    with pytest.raises(ParameterError) as err:
        validate_parameters(events=(event,))
    assert words in str(err.value) and "\n" not in str(err.value)


def test_a_scenario_with_events_needs_a_why_note(tmp_path):
    (tmp_path / "walk.toml").write_text(
        'name = "walk"\ntitle = "A walk"\ndescription = "A scenario with a scheduled walk in it."\n'
        'source = "000 L3626-3637"\n\n[[events]]\nweek = 6\nkind = "joint_walk"\n'
    )
    with pytest.raises(ScenarioError, match="events_why"):
        load(tmp_path / "walk.toml")


def test_zuiderveld_schedules_its_walk():
    assert [e.kind for e in load("zuiderveld-joure").resolved().events] == ["joint_walk"]


# --- what lasts after the funding ---------------------------------------------------------


def _kept(seed: int, **params) -> float:
    """Low-SES participants a year after the horizon, per low-SES participant at it."""
    model = CoCreationModel(rng=seed, funding_weeks=104, **params)
    model.run_for(104)
    r = model.residents
    at = (r.participating & r.low_ses).sum()
    model.run_for(52)
    return (r.participating & r.low_ses).sum() / max(at, 1)


def test_without_organisation_or_structure_most_low_ses_participation_is_gone_in_a_year():
    """000 L3180-3188; 002 l.1203-1205; 004 l.1974-1979: bound to the money, the vulnerable
    leave when it stops. Tolerance: 'most' is read as more than half, in every seed."""
    kept = [_kept(s, structure=0.0, residents_organisation=0.0) for s in SEEDS]
    assert max(kept) < 0.5, kept


def test_a_residents_organisation_keeps_more_than_none():
    """000 L3115-3188 (Sint Nyk against Zuiderveld); Texel went on slimmed down."""
    without = [_kept(s, structure=0.0) for s in SEEDS]
    with_org = [_kept(s, structure=0.0, residents_organisation=0.7) for s in SEEDS]
    assert np.mean(with_org) > np.mean(without) + 0.2
    assert sum(w > o for w, o in zip(with_org, without)) >= 5


def test_organisers_carry_a_bounded_number_not_a_share():
    """'Individual empowerment present' must not mean 'never ends': with many organisers
    the places are still their number times organiser_carries."""
    p = validate_parameters(structure=0.0, organiser_carries=4.0)
    assert d.activity_supply(False, 400, d.activity_places(10, 400, p)) == pytest.approx(0.1)


def test_organisers_are_trained_only_while_funded():
    """000 L2709-2719: volunteers trained by the professionals go on to organise."""
    r = run(2, 80).residents
    p = validate_parameters(organiser_weeks=1, organiser_rate=0.2)
    cap = np.ones(len(r))
    rng = np.random.default_rng(0)
    assert m.become_organiser(r, cap, 1.0, p, rng).any()
    assert not m.become_organiser(r, cap, 0.0, p, rng).any()


def test_the_vulnerable_stop_first_when_there_is_too_little_to_go_to():
    assert d.vulnerability(np.array([0.2, 0.5, 0.8])).tolist() == pytest.approx([1.0, 1.0, 0.4])


# --- gender entry points -----------------------------------------------------------------


def _women_per_man(seed: int, **params) -> float:
    r = run(seed, 156, **params).residents
    low = r.low_ses
    women = r.ever_participated[low & r.female].mean()
    men = r.ever_participated[low & ~r.female].mean()
    return women / max(men, 1e-9)


def test_women_take_part_more_than_men_without_splitting_subgroups_by_gender():
    """000 L3750-3798 (men lagged in 5 of 9 cases), L4312-4346: familiar faces are mostly
    women, known among women, and women meet at school and women's groups. The default
    subgroups are half women; none is split by gender."""
    ratios = [_women_per_man(s) for s in SEEDS]
    assert np.mean(ratios) > 1.15 and sum(x > 1 for x in ratios) >= 4, ratios


def test_the_gender_gap_comes_from_the_faces_and_entry_points():
    """With male familiar faces the lead of women shrinks or turns."""
    female = [_women_per_man(s, bekende_gezichten_female=1.0) for s in SEEDS]
    male = [_women_per_man(s, bekende_gezichten_female=0.0) for s in SEEDS]
    assert np.mean(female) > np.mean(male)


def test_a_familiar_face_knows_mostly_their_own_gender():
    model = CoCreationModel(rng=4, n_bekende_gezichten=8)
    r = model.residents
    own = [(r.female[f.network] == f.female).mean() for f in model.agents_by_type[BekendGezicht]]
    assert np.mean(own) > 0.7 and min(own) > 0.5, own


# --- channels ---------------------------------------------------------------------------


def test_the_desk_informs_fewer_than_word_of_mouth_and_outreach():
    """000 L3985-4060: inviting people to the office was a flop; growth came by word of mouth
    and at vindplaatsen. Over five years, in every seed."""
    for s in SEEDS[:4]:
        last = run(s, 260).metrics
        assert last["aware_by[desk]"] < last["aware_by[word_of_mouth]"]
        assert last["aware_by[desk]"] < last["aware_by[outreach]"]


def test_participating_ties_draw_people_in():
    """000 L1228-1240: initiatives grow inside networks. Without word of mouth and the social
    pull fewer take part."""
    with_wom = [run(s, 156).metrics["ever_participated"] for s in SEEDS[:4]]
    without = [run(s, 156, word_of_mouth=0.0, w_social=0.0).metrics["ever_participated"]
               for s in SEEDS[:4]]
    assert np.mean(with_wom) > np.mean(without)
