"""Every parameter has a default, a range and a source; bad ones get one clear message."""

from __future__ import annotations

import pytest

from sim.model import CoCreationModel
from sim.parameters import DEFAULT_SUBGROUPS, ParameterError, parameter_table


def test_every_parameter_is_documented():
    for row in parameter_table():
        assert row["meaning"], row["name"]
        assert row["source"], row["name"]
        if isinstance(row["default"], (int, float)) and not isinstance(row["default"], bool):
            assert row["min"] <= row["default"] <= row["max"], row["name"]


def test_unknown_parameter_suggests_the_right_one():
    with pytest.raises(ParameterError, match=r"unknown parameter 'tunnelvisi'.*'tunnelvisie'"):
        CoCreationModel(tunnelvisi=0.5)


@pytest.mark.parametrize("name,value,allowed", [
    ("outreach", 1.5, r"\[0\.0, 1\.0\]"),
    ("laagdrempeligheid", -0.1, r"\[0\.0, 1\.0\]"),
    ("n_residents", 10, r"\[50, 1000000\]"),
    ("tunnelvisie", "veel", r"\[0\.0, 1\.0\]"),
])
def test_out_of_range_names_parameter_and_range(name, value, allowed):
    with pytest.raises(ParameterError, match=rf"parameter '{name}' = .*{allowed}"):
        CoCreationModel(**{name: value})


def test_subgroup_shares_must_sum_to_one():
    groups = [g.model_copy(update={"share": 0.5}) for g in DEFAULT_SUBGROUPS]
    with pytest.raises(ParameterError, match="sum to 1"):
        CoCreationModel(subgroups=groups)


def test_bekende_gezichten_must_cover_known_subgroups():
    with pytest.raises(ParameterError, match="unknown subgroup.*allowed"):
        CoCreationModel(bekende_gezichten_groups=["moroccan"])


def test_text_seed_that_is_not_a_number():
    with pytest.raises(ParameterError, match="seed 'abc' is not a whole number"):
        CoCreationModel(rng="abc")


def test_agent_records_are_refused_for_large_neighbourhoods():
    with pytest.raises(ParameterError, match="limited to 20,000 residents"):
        CoCreationModel(n_residents=50_000, collect_agents=True)


def test_parameter_page_matches_the_code():
    from pathlib import Path

    from sim.parameters import markdown_table

    page = Path(__file__).resolve().parent.parent / "docs" / "parameters.md"
    assert page.read_text() == markdown_table(), (
        "docs/parameters.md is out of date: run `uv run cocreatie docs`")


def test_odd_parameter_table_matches_the_code():
    from pathlib import Path

    from sim.parameters import fill_parameter_table

    odd = (Path(__file__).resolve().parent.parent / "docs" / "ODD.md").read_text()
    assert "<!-- parameters:start -->" in odd and "<!-- parameters:end -->" in odd
    assert odd == fill_parameter_table(odd), (
        "the parameter table of docs/ODD.md is out of date: run `uv run cocreatie docs`")


def test_the_odd_submodel_tables_give_the_codes_defaults():
    """docs/ODD.md repeats parameters in the tables of its submodels (by hand, next to the
    equations): each row's default, range and source must be the code's."""
    import re
    from pathlib import Path

    from sim.parameters import TABLE_MARKERS

    rows = {r["name"]: r for r in parameter_table()}
    text = (Path(__file__).resolve().parent.parent / "docs" / "ODD.md").read_text()
    head, _, rest = text.partition(TABLE_MARKERS[0])
    _, _, tail = rest.partition(TABLE_MARKERS[1])
    pattern = re.compile(r"^\| `(\w+)` \| ([^|]*) \| ([^|]*) \| ([^|]*) \|$", re.M)
    seen = 0
    for m in pattern.finditer(head + tail):
        r = rows.get(m.group(1))
        if r is None:
            continue
        span = "" if r["min"] is None else f"{r['min']} – {r['max']}"
        assert (m.group(2), m.group(3), m.group(4)) == (
            str(r["default"]),
            span,
            r["source"].replace("|", "/"),
        ), f"docs/ODD.md row of {m.group(1)} is out of date"
        seen += 1
    assert seen > 40
