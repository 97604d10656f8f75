"""Mistakes in both languages: every way a scenario file or a parameter value can be wrong
reads in Dutch in the app, as it reads in English on the command line."""

from __future__ import annotations

import re
import string

import pytest

from sim.messages import WORDING, Mistake, in_language
from sim.model import CoCreationModel
from sim.parameters import ParameterError
from viz import app
from viz.text import t

from own_scenario import OWN

SUBGROUPS = """
subgroups_why = "assumption"
[[subgroups]]
name = "a"
label = "A"
share = {share}
low_ses = true
ses = {{ mean = 0.3 }}
language = {{ mean = 0.7 }}
literacy = {{ mean = 0.6 }}
stress = {{ mean = {mean}, sd = {sd} }}
trust = {{ mean = 0.4 }}
health = {{ mean = 0.5 }}
"""

EVENT = """
events_why = "assumption"
[[events]]
week = 10
kind = "{kind}"
{extra}
"""


def _with(before: str, after: str) -> str:
    assert before in OWN
    return OWN.replace(before, after)


def _top(extra: str) -> str:
    """OWN with ``extra`` among its top-level keys (before the first table)."""
    return OWN.replace("[parameters]", extra + "\n[parameters]")


#: Broken uploads, one for each phrase a visitor can meet, with what the English says.
BROKEN = {
    "toml": (_with('title = "My own neighbourhood"', "title = ["), "not valid TOML"),
    "toml-line": (_with('title = "My own neighbourhood"', 'title = "a" "b"'), "not valid TOML"),
    "not utf-8": ("\udcff".encode("utf-8", "surrogateescape"), "not a UTF-8 text file"),
    "unknown key": (_top('colour = "red"'), "unknown key 'colour'"),
    "missing key": (_with('source = "a class exercise"\n', ""), "missing key 'source'"),
    "short text": (_with(
        'description = "A scenario written by a student: outreach, almost all of the time."',
        'description = "Short"'), "at least 20 characters"),
    "name pattern": (_with('name = "mijn-wijk"', 'name = "Mijn Wijk"'), "name"),
    "unknown parameter": (_with("outreach = 0.9\n\n", "outreach = 0.9\nbogus = 1\n\n"),
                          "unknown parameter 'bogus'"),
    "did you mean": (_with("outreach = 0.9\n\n", "outreach = 0.9\ntunelvisie = 1\n\n"),
                     "did you mean 'tunnelvisie'"),
    "not here": (_with("outreach = 0.9\n\n", "outreach = 0.9\ncollect_agents = true\n\n"),
                 "cannot be set here"),
    "out of range": (_with("outreach = 0.9", "outreach = 7"), "is not valid"),
    "text for a number": (_with("outreach = 0.9", 'outreach = "veel"'), "got text"),
    "true for a number": (_with("outreach = 0.9", "outreach = true"), "got true/false"),
    "whole number": (_with("outreach = 0.9\n\n", "outreach = 0.9\nn_professionals = 2.5\n\n")
                     + 'n_professionals = "assumption"\n', "n_professionals"),
    "why missing": (_with('outreach = "assumption: the class chose it"', ""), "no note for"),
    "why extra": (OWN + 'tunnelvisie = "assumption"\n', "which [parameters] does not set"),
    "why extra, a plain key": (OWN + 'subgroups_why = "assumption"\n', "move plain keys"),
    "extends a file": (_with('extends = "outreach"', 'extends = "/etc/passwd"'),
                       "name a shipped scenario"),
    "extends nothing": (_with('extends = "outreach"', 'extends = "outrech"'),
                        "which does not exist"),
    "shares": (_top(SUBGROUPS.format(share=0.5, mean=0.5, sd=0.1)), "must sum to 1"),
    "sd": (_top(SUBGROUPS.format(share=1.0, mean=0.1, sd=0.4)), "too large for mean"),
    "subgroups why": (_top(SUBGROUPS.format(share=1.0, mean=0.5, sd=0.1).replace(
        'subgroups_why = "assumption"', "")), "needs a subgroups_why note"),
    "event kind": (_top(EVENT.format(kind="party", extra="")), "events.0.kind"),
    "funding event": (_top(EVENT.format(kind="funding", extra="")), "funding event needs value"),
    "walk event": (_top(EVENT.format(kind="joint_walk", extra="value = 2")), "joint_walk"),
    "face event": (_top(EVENT.format(kind="familiar_face_starts", extra="")), "needs group"),
    "face value": (
        _top(EVENT.format(kind="familiar_face_starts", extra='group = "x"\nvalue = 1.5')),
        "whole number >= 1"),
    "event group": (_top(EVENT.format(kind="joint_walk", extra='group = "x"')),
                    "group is only for"),
    "key person": (_top(EVENT.format(kind="key_person_leaves", extra="value = 1")), "no value"),
    "event subgroup": (_top(EVENT.format(kind="familiar_face_starts", extra='group = "nobody"')),
                       "names unknown subgroup"),
    "events why": (_top(EVENT.format(kind="joint_walk", extra="").replace(
        'events_why = "assumption"', "")), "needs an events_why note"),
    "a table expected": (_top("why = 3").split("[why]")[0].replace(
        "outreach = 0.9", ""), "valid dictionary"),
}

#: English words that must not be left in a Dutch message (the phrasing, not the names of
#: keys and parameters, which stay as the files spell them).
ENGLISH = re.compile(
    r"\b(should|must|allowed|unknown|missing|expected|not valid|given|did you mean|"
    r"available|needs|cannot|which|the file|number|whole|text|Input|String|List)\b",
    re.IGNORECASE,
)


def _mistake(data: str | bytes) -> Mistake:
    raw = data if isinstance(data, bytes) else data.encode()
    with pytest.raises(app.ScenarioError) as caught:
        app.load_upload("mine.toml", raw)
    return caught.value


@pytest.mark.parametrize("case", list(BROKEN))
def test_every_broken_upload_reads_in_dutch_as_in_english(case):
    data, english = BROKEN[case]
    mistake = _mistake(data)
    en, nl = str(mistake), mistake.text("nl")
    assert english in en, en
    assert mistake.worded, f"{case}: a phrase without Dutch words: {en}"
    assert nl.startswith("mine.toml: ") and "/tmp" not in nl
    left = ENGLISH.findall(nl.removeprefix("mine.toml: "))
    assert not left, f"{case}: English left in the Dutch message {nl!r}: {left}"


@pytest.fixture
def upload_state():
    """The app's upload state, as a new visitor finds it and leaves it."""
    app.upload_problem.set(None)
    yield
    app.upload_problem.set(None)


def test_the_app_shows_a_broken_upload_in_its_own_language(upload_state):
    app.take_upload("mine.toml", BROKEN["out of range"][0].encode())
    filename, key, fields = app.upload_problem.value
    dutch = t(key, "nl", name=filename, **fields)
    english = t(key, "en", name=filename, **fields)
    assert dutch.startswith("Het bestand mine.toml kan niet gebruikt worden: ")
    assert "is niet geldig; toegestaan: van 0 tot en met 1" in dutch and "Engels" not in dutch
    assert english.startswith("The file mine.toml cannot be used: ")
    assert "allowed range [0.0, 1.0]" in english


def test_a_seed_typed_as_text_is_refused_in_both_languages():
    with pytest.raises(ParameterError) as caught:
        CoCreationModel(rng="elf")
    assert str(caught.value) == "seed 'elf' is not a whole number"
    assert in_language(caught.value, "nl") == "seed 'elf' is geen geheel getal"


def test_the_wording_has_both_languages_with_the_same_fields():
    for key, (en, nl) in WORDING.items():
        assert nl.strip(), key
        fields_en = {f for _, f, _, _ in string.Formatter().parse(en) if f}
        fields_nl = {f for _, f, _, _ in string.Formatter().parse(nl) if f}
        if key.startswith("pydantic:"):  # pydantic's own English, our Dutch with its context
            assert fields_en == {"msg"}, key
        elif key.startswith("toml_at"):  # only the Dutch says where (the English detail does)
            assert en == "", key
        elif key == "toml_invalid":  # the parser's English detail, or where it stopped
            assert (fields_en, fields_nl) == ({"where", "detail"}, {"where", "at"})
        else:
            assert fields_en == fields_nl, key


def test_a_plain_text_mistake_says_itself_in_both_languages():
    mistake = Mistake("something went wrong")
    assert str(mistake) == mistake.text("nl") == "something went wrong"
    assert not mistake.worded
