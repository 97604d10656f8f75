"""The catalogue of outputs: every column the model reports, what it means, and who shows it.

One home for each output: its name, its label in English and Dutch, its unit and display
scale, the breakdowns it comes in (by subgroup, by SES class, by gender within SES, by
channel, by cause), and the *views* that show it. The run summary, ``compare``, the sweep
report, the command line's figures and the app ask :func:`shown_in` for their columns, and a
sweep's ``outputs.columns`` are checked against :func:`column_names` without building a model.
:func:`sim.metrics.compute_metrics` computes exactly these columns (a test holds them equal).

A column is named ``family`` (overall) or ``family[part]`` (one breakdown), e.g.
``participation_rate[low_ses]``.

Views:

- ``subgroups``: the run summary's table by subgroup (``cocreatie run``);
- ``horizon``: the run summary's start / funding horizon / end table; ``horizon_total``: its
  rows summed over the weeks so far (exits, referrals);
- ``compare``: ``cocreatie compare``'s table, at the end of the runs; ``compare_subgroups``:
  its figure's bars by subgroup; ``compare_series``: its figure's lines over time;
- ``report``: ``cocreatie report`` of a sweep;
- ``app``: the app's plots; ``monitors``: the app's live numbers under a run's title.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sim.bilingual import Bilingual, pick

#: Weeks in a year: one tick is one week.
WEEKS_PER_YEAR = 52

#: Every view that shows outputs (see the module docstring).
VIEWS = (
    "subgroups",
    "horizon",
    "horizon_total",
    "compare",
    "compare_subgroups",
    "compare_series",
    "report",
    "app",
    "monitors",
)

#: Fixed breakdowns and their labels; subgroups come from the scenario.
SES: dict[str, Bilingual] = {
    "low_ses": ("low SES", "lage SES"),
    "high_ses": ("higher SES", "hogere SES"),
}
SES_GENDER: dict[str, Bilingual] = {
    "low_ses,female": ("low-SES women", "vrouwen met lage SES"),
    "low_ses,male": ("low-SES men", "mannen met lage SES"),
    "high_ses,female": ("higher-SES women", "vrouwen met hogere SES"),
    "high_ses,male": ("higher-SES men", "mannen met hogere SES"),
}
CHANNELS: dict[str, Bilingual] = {
    "passive": ("flyers and letters", "folders en brieven"),
    "desk": ("the desk", "de balie"),
    "outreach": ("outreach", "outreach"),
    "bekend_gezicht": ("a familiar face", "een bekend gezicht"),
    "word_of_mouth": ("word of mouth", "mond-tot-mondreclame"),
    "residents_organisation": ("the residents' organisation", "de bewonersorganisatie"),
}
EXITS: dict[str, Bilingual] = {
    "stress": ("stress", "stress"),
    "frustration": ("frustration", "frustratie"),
    "no_activity": ("nothing left to go to", "niets meer om naartoe te gaan"),
    "key_person": ("the key professional left", "de sleutelprofessional vertrok"),
}

#: Breakdown names an output may come in; "subgroup" stands for the scenario's subgroups.
BREAKDOWNS = ("subgroup", "ses", "ses_gender", "ses_gender_gap", "channel", "exit")

#: Units, with the suffix a table adds to a label (labels in years say so themselves).
UNITS: dict[str, str] = {
    "%": " (%)",
    "years": "",
    "0-1": "",
    "ratio": "",
    "index": "",
    "count": "",
    "code": "",
}


@dataclass(frozen=True)
class Output:
    """One family of columns.

    ``views`` maps a view to the parts it shows: ``""`` the overall column, a part name
    (``"low_ses"``), or ``"*"`` for every part of the family's first breakdown (every
    subgroup, say).
    """

    name: str
    label: Bilingual
    unit: str
    meaning: str
    scale: float = 1.0  # multiply by this to show it in ``unit`` (100 for a share as %)
    overall: bool = True  # whether the plain ``name`` column exists
    by: tuple[str, ...] = ()
    views: dict[str, tuple[str, ...]] = field(default_factory=dict)
    joiner: str = ", "  # between the label and a part's label


@dataclass(frozen=True)
class Column:
    """One column of the model's table, as a view shows it."""

    name: str
    label: Bilingual
    unit: str
    scale: float

    def title(self, lang: str = "en") -> str:
        """The label with its unit, e.g. ``taking part, low SES (%)``."""
        return pick(self.label, lang) + UNITS[self.unit]


_GROUPS = ("subgroup", "ses", "ses_gender")
_NO_GENDER = ("subgroup", "ses")

#: Every output family, in the order views list them.
CATALOGUE: tuple[Output, ...] = (
    Output(
        "participation_rate",
        ("taking part", "doet nu mee"),
        "%",
        "share taking part now (participants and organisers)",
        100,
        by=_GROUPS,
        views={
            "horizon": ("", "low_ses", "high_ses"),
            "compare": ("",),
            "compare_series": ("", "low_ses"),
            "report": ("", "low_ses"),
            "subgroups": ("*",),
            "app": ("*",),
            "monitors": ("low_ses", "high_ses"),
        },
    ),
    Output(
        "ever_reached",
        ("ever reached", "ooit bereikt"),
        "%",
        "share who have heard of the initiative through any channel",
        100,
        by=_NO_GENDER,
        views={
            "compare": ("low_ses",),
            "report": ("low_ses",),
            "subgroups": ("*",),
            "monitors": ("",),
        },
    ),
    Output(
        "ever_participated",
        ("ever took part", "ooit meegedaan"),
        "%",
        "share who ever joined",
        100,
        by=_GROUPS,
        views={
            "compare": ("low_ses", "high_ses"),
            "compare_subgroups": ("*",),
            "report": ("low_ses",),
            "subgroups": ("*",),
        },
    ),
    Output(
        "representation",
        ("representation", "vertegenwoordiging"),
        "ratio",
        "share among participants / share in the population (1 = fair; 0 while nobody takes part)",
        overall=False,
        by=_NO_GENDER,
        views={
            "horizon": ("low_ses",),
            "compare": ("low_ses",),
            "compare_series": ("low_ses",),
            "report": ("low_ses",),
            "subgroups": ("*",),
            "app": ("*",),
            "monitors": ("low_ses",),
        },
    ),
    Output(
        "participation_bias",
        ("participation bias", "deelnamescheefheid"),
        "index",
        "dissimilarity between participants and population over subgroups (0 = "
        "representative, 0 while nobody takes part)",
        views={"horizon": ("",), "compare": ("",), "report": ("",)},
    ),
    Output(
        "regie",
        ("eigen regie", "eigen regie"),
        "0-1",
        "mean eigen regie",
        by=_GROUPS,
        views={"horizon": ("low_ses", "high_ses"), "app": ("*",)},
    ),
    Output(
        "trust",
        ("trust", "vertrouwen"),
        "0-1",
        "mean trust in institutions",
        by=_GROUPS,
        views={"horizon": ("low_ses", "high_ses"), "app": ("*",)},
    ),
    Output(
        "support",
        ("social support", "sociale steun"),
        "0-1",
        "mean social support",
        by=_GROUPS,
        views={"horizon": ("low_ses",)},
    ),
    Output(
        "stress",
        ("stress", "stress"),
        "0-1",
        "mean stress",
        by=_GROUPS,
        views={"horizon": ("low_ses",)},
    ),
    Output(
        "health",
        ("health", "gezondheid"),
        "0-1",
        "mean health",
        by=_GROUPS,
        views={"horizon": ("low_ses", "high_ses", ""), "monitors": ("",)},
    ),
    Output(
        "contact_gini",
        ("contact concentration", "concentratie van contacten"),
        "index",
        "Gini of all professional contacts so far over residents ('the same faces')",
        views={"compare": ("",), "report": ("",)},
    ),
    Output(
        "contact_top10_share",
        ("contacts to the top 10%", "contacten naar de top 10%"),
        "0-1",
        "share of all professional contacts so far that went to the 10% of "
        "residents contacted most",
    ),
    Output(
        "contacts_to_participants",
        ("contacts to participants", "contacten met deelnemers"),
        "0-1",
        "share of this week's professional contacts that went to residents already taking part",
    ),
    Output(
        "health_gap",
        ("SES gap in health", "SES-kloof in gezondheid"),
        "0-1",
        "mean health of higher minus low SES",
        by=("ses_gender_gap",),
        views={"app": ("",)},
    ),
    Output(
        "hly_gap_proxy",
        ("SES gap in healthy life years (proxy)", "SES-kloof in gezonde levensjaren (benadering)"),
        "years",
        "the health gap in healthy life years (proxy, 15 years at the default start)",
        views={
            "horizon": ("",),
            "compare": ("",),
            "compare_series": ("",),
            "report": ("",),
            "app": ("",),
            "monitors": ("",),
        },
    ),
    Output(
        "hly_gap_change",
        (
            "change in the SES gap in healthy life years",
            "verandering in de SES-kloof in gezonde levensjaren",
        ),
        "years",
        "the healthy-life-years gap proxy minus its value at the start",
        views={"report": ("",)},
    ),
    Output(
        "integration",
        ("integration between organisations", "samenwerking tussen organisaties"),
        "0-1",
        "integration between organisations: chance a referral reaches the right service",
        views={"horizon": ("",)},
    ),
    Output(
        "exits",
        ("stopped", "gestopt"),
        "count",
        "participants who stopped this week (all causes, and by cause)",
        by=("exit",),
        views={"horizon_total": ("*",)},
        joiner=": ",
    ),
    Output(
        "referrals",
        ("problems referred", "problemen doorverwezen"),
        "count",
        "problems referred this week",
        views={"horizon_total": ("",)},
    ),
    Output(
        "referrals_resolved",
        ("referrals resolved", "doorverwijzingen opgelost"),
        "count",
        "referrals resolved this week",
        views={"horizon_total": ("",)},
    ),
    Output(
        "new_aware",
        ("newly informed by", "nieuw geïnformeerd via"),
        "count",
        "residents informed this week, by channel",
        overall=False,
        by=("channel",),
        joiner=" ",
    ),
    Output(
        "aware_by",
        ("first heard through", "eerst gehoord via"),
        "0-1",
        "share of residents first informed by each channel",
        overall=False,
        by=("channel",),
        joiner=" ",
    ),
    Output(
        "ever_participated_by",
        ("took part after first hearing through", "deed mee na eerst te horen via"),
        "%",
        "share of residents who ever took part and first heard through each channel",
        100,
        overall=False,
        by=("channel",),
        joiner=" ",
    ),
    Output(
        "uptake",
        ("took part, of those first reached through", "deed mee, van wie eerst hoorde via"),
        "%",
        "share of the residents first informed by each channel who ever took part",
        100,
        overall=False,
        by=("channel",),
        joiner=" ",
    ),
    Output(
        "frustration[participants]",
        ("frustration of participants", "frustratie van deelnemers"),
        "0-1",
        "mean frustration of those taking part (0 while nobody does)",
    ),
    Output("lifestyle", ("lifestyle", "leefstijl"), "0-1", "mean lifestyle improvement"),
    Output(
        "phase",
        ("phase", "fase"),
        "code",
        "phase of the initiative (0 initiation, 1 design, 2 implementation, 3 evaluation, "
        "4 after funding)",
    ),
    Output("funding", ("funding", "financiering"), "0-1", "share of effort still funded"),
    Output(
        "activity_supply",
        ("activity on offer", "aanbod van activiteiten"),
        "0-1",
        "places in the activities per participant (1 while funded; after the horizon the "
        "places kept, capped at 1)",
    ),
    Output(
        "activity_kept",
        ("activity kept", "activiteit behouden"),
        "0-1",
        "places in the activities after the funding horizon per participant in its last "
        "funded week (1 while funded)",
    ),
    Output(
        "participants",
        ("participants", "deelnemers"),
        "count",
        "residents taking part now (participants and organisers)",
    ),
    Output(
        "organisers", ("organisers", "organisatoren"), "count", "residents organising activities"
    ),
    Output("dropped_out", ("dropped out", "gestopt"), "count", "residents who stopped"),
    Output(
        "contacts",
        ("contacts this week", "contacten deze week"),
        "count",
        "professional contacts this week",
    ),
    Output(
        "joined",
        ("joined this week", "deze week ingestapt"),
        "count",
        "residents who joined this week",
    ),
    Output("professionals", ("professionals", "professionals"), "count", "professionals at work"),
    Output(
        "bekende_gezichten",
        ("bekende gezichten", "bekende gezichten"),
        "count",
        "familiar faces active",
    ),
    Output(
        "professionals_left",
        ("professionals who left", "vertrokken professionals"),
        "count",
        "professionals who left this week",
    ),
)

BY_NAME: dict[str, Output] = {o.name: o for o in CATALOGUE}


def _parts(breakdown: str, subgroups: Sequence[tuple[str, Bilingual]]) -> dict[str, Bilingual]:
    if breakdown == "subgroup":
        return dict(subgroups)
    if breakdown == "ses_gender_gap":
        return {"low_ses,female-male": ("women minus men, low SES", "vrouwen min mannen, lage SES")}
    return {"ses": SES, "ses_gender": SES_GENDER, "channel": CHANNELS, "exit": EXITS}[breakdown]


def _all_parts(out: Output, subgroups) -> dict[str, Bilingual]:
    parts: dict[str, Bilingual] = {}
    for breakdown in out.by:
        parts.update(_parts(breakdown, subgroups))
    return parts


def _column(out: Output, part: str, label: Bilingual | None) -> Column:
    if not part:
        return Column(out.name, out.label, out.unit, out.scale)
    assert label is not None
    both = (
        f"{out.label[0]}{out.joiner}{label[0]}",
        f"{pick(out.label, 'nl')}{out.joiner}{pick(label, 'nl')}",
    )
    return Column(f"{out.name}[{part}]", both, out.unit, out.scale)


def columns(subgroups: Sequence[tuple[str, Bilingual]]) -> list[Column]:
    """Every column the model reports for these subgroups (name, (English, Dutch) label)."""
    cols = []
    for out in CATALOGUE:
        if out.overall:
            cols.append(_column(out, "", None))
        cols += [_column(out, part, label) for part, label in _all_parts(out, subgroups).items()]
    return cols


def column_names(subgroups: Sequence[tuple[str, Bilingual]]) -> list[str]:
    """The names of :func:`columns`, in the catalogue's order."""
    return [c.name for c in columns(subgroups)]


def shown_in(view: str, subgroups: Sequence[tuple[str, Bilingual]] = ()) -> list[Column]:
    """The columns a view shows, in catalogue order; ``"*"`` parts expand to every part of
    the family's first breakdown (every subgroup of ``subgroups``, say)."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; views: {', '.join(VIEWS)}")
    cols = []
    for out in CATALOGUE:
        parts = _all_parts(out, subgroups)
        for part in out.views.get(view, ()):
            if part == "*":
                first = _parts(out.by[0], subgroups)
                cols += [_column(out, p, label) for p, label in first.items()]
            else:
                cols.append(_column(out, part, parts.get(part)))
    return cols


def subgroup_labels(groups: Iterable) -> list[tuple[str, Bilingual]]:
    """``(name, (English, Dutch))`` of each :class:`~sim.parameters.Subgroup`."""
    return [(g.name, (g.label, g.label_nl)) for g in groups]
