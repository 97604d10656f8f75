"""Every model parameter in one place: default, allowed range, and where it comes from.

The sources (listed under Sources in the README, and in ``docs/ODD.md``) are qualitative: they
fix the *direction* of each effect, never its size. So each parameter's ``source`` names the
lines that justify the mechanism and its direction, and says "assumption" for the magnitude
whenever the text gives none. Sources are cited by number and line range: ``000 L3985-4060``
is lines 3985-4060 of source document 000.

Validation uses pydantic; :func:`validate_parameters` turns its errors into one readable
:class:`ParameterError` that names the parameter and its allowed values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal, get_args

import numpy as np
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from sim.bilingual import pick
from sim.messages import Mistake, Number, validation_mistakes


class ParameterError(Mistake):
    """A parameter name or value the model cannot accept; the message says why (in English,
    and in Dutch as ``text("nl")``)."""


@dataclass(frozen=True)
class Prior:
    """What is believed about a parameter's size before the calibration: ``shape``
    (``uniform``, or ``loguniform`` for a rate whose order of magnitude is the question)
    over [low, high], inside the parameter's allowed range."""

    shape: Literal["uniform", "loguniform"]
    low: float
    high: float

    def described(self) -> str:
        return f"{self.shape} [{self.low:g}, {self.high:g}]"


def P(
    default: Any,
    lo: float | None,
    hi: float | None,
    source: str,
    doc: str,
    prior: Prior | None = None,
) -> Any:
    """A parameter field: default, inclusive range [lo, hi], source note, a one-line meaning
    and, where its size is an assumption the calibration may fit, a :class:`Prior`."""
    extra: dict[str, Any] = {"source": source}
    if prior is not None:
        extra["prior"] = prior
    return Field(default, ge=lo, le=hi, description=doc, json_schema_extra=extra)


def strict_value(model: type[BaseModel], value: Any, info: ValidationInfo) -> Any:
    """Refuse what pydantic would quietly convert: ``true`` for a number, ``"0.5"`` (text)
    for a number, or ``1`` or ``"yes"`` for true/false. Whole numbers stay fine for a
    decimal field (``1`` for ``1.0``), and a whole-valued decimal for a count."""
    if info.field_name is None:
        return value
    kind = model.model_fields[info.field_name].annotation
    options = [a for a in get_args(kind) if a is not type(None)]
    if len(options) == 1 and type(None) in get_args(kind):  # an optional value: X | None
        kind = options[0]
    if kind in (int, float) and isinstance(value, (bool, np.bool_, str)):
        what = Mistake("what:text" if isinstance(value, str) else "what:bool")
        raise Mistake("expected_number", what=what)
    if kind is bool and not isinstance(value, (bool, np.bool_)):
        kind_given = Mistake("what:text") if isinstance(value, str) else type(value).__name__
        raise Mistake("expected_bool", what=kind_given)
    return value


# --------------------------------------------------------------------------------------------
# Subgroups: data, not code.
# --------------------------------------------------------------------------------------------


class Trait(BaseModel):
    """A trait in [0, 1] drawn per resident from a Beta distribution with this mean and sd."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    mean: Annotated[float, Field(gt=0.0, lt=1.0)]
    sd: Annotated[float, Field(gt=0.0, lt=0.5)] = 0.12

    @field_validator("*", mode="before")
    @classmethod
    def _no_conversions(cls, value: Any, info: ValidationInfo) -> Any:
        return strict_value(cls, value, info)

    @model_validator(mode="after")
    def _beta_exists(self) -> Trait:
        if self.sd**2 >= self.mean * (1 - self.mean):
            limit = Number((self.mean * (1 - self.mean)) ** 0.5, ".3f")
            raise Mistake("sd_too_large", sd=self.sd, mean=self.mean, limit=limit)
        return self


class Subgroup(BaseModel):
    """One group of residents: its share of the population and its trait distributions."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    label: str
    label_nl: str | None = None  # the label in Dutch
    share: Annotated[float, Field(gt=0.0, le=1.0)]
    low_ses: bool
    ses: Trait
    female: Annotated[float, Field(ge=0.0, le=1.0)] = 0.5
    language: Trait
    literacy: Trait
    children_at_school: Annotated[float, Field(ge=0.0, le=1.0)] = 0.3
    stress: Trait
    trust: Trait
    health: Trait

    @field_validator("*", mode="before")
    @classmethod
    def _no_conversions(cls, value: Any, info: ValidationInfo) -> Any:
        return strict_value(cls, value, info)

    def display_label(self, lang: str) -> str:
        """The label in ``"en"`` or ``"nl"``; English where the Dutch is missing."""
        return pick((self.label, self.label_nl), lang)


def _t(mean: float, sd: float = 0.12) -> Trait:
    return Trait(mean=mean, sd=sd)


#: The default neighbourhood. Group names and directions follow 000 L965-981 (diversity of
#: low-SES neighbourhoods), L3709-3713 (who turns up: better health, language, networks,
#: fewer money problems), L1150-1156 (distrust), L382-388 (stress from debts, poverty,
#: housing), L3057-3072 (newcomers and language); all magnitudes are assumptions.
DEFAULT_SUBGROUPS: tuple[Subgroup, ...] = (
    Subgroup(
        name="higher_ses",
        label="Higher SES",
        label_nl="Hogere SES",
        share=0.30,
        low_ses=False,
        ses=_t(0.72),
        language=_t(0.93, 0.05),
        literacy=_t(0.82, 0.1),
        children_at_school=0.30,
        stress=_t(0.25),
        trust=_t(0.65),
        health=_t(0.78, 0.1),
    ),
    Subgroup(
        name="low_ses_dutch",
        label="Low SES, native Dutch",
        label_nl="Lage SES, Nederlandse achtergrond",
        share=0.35,
        low_ses=True,
        ses=_t(0.30),
        language=_t(0.88, 0.07),
        literacy=_t(0.55, 0.15),
        children_at_school=0.30,
        stress=_t(0.55),
        trust=_t(0.40),
        health=_t(0.60),
    ),
    Subgroup(
        name="low_ses_migration",
        label="Low SES, migration background",
        label_nl="Lage SES, migratieachtergrond",
        share=0.27,
        low_ses=True,
        ses=_t(0.27),
        language=_t(0.50, 0.15),
        literacy=_t(0.45, 0.15),
        children_at_school=0.45,
        stress=_t(0.60),
        trust=_t(0.35),
        health=_t(0.56),
    ),
    Subgroup(
        name="newcomers",
        label="Newcomers / status holders",
        label_nl="Nieuwkomers / statushouders",
        share=0.08,
        low_ses=True,
        ses=_t(0.15, 0.08),
        language=_t(0.20, 0.1),
        literacy=_t(0.40, 0.15),
        children_at_school=0.40,
        stress=_t(0.70),
        trust=_t(0.30),
        health=_t(0.56),
    ),
)


# --------------------------------------------------------------------------------------------
# Scheduled events: turning points at given weeks.
# --------------------------------------------------------------------------------------------

#: What a scheduled event can be, and what its ``value`` means.
EVENT_KINDS: dict[str, str] = {
    "joint_walk": "the professionals' joint event (a neighbourhood walk) that raises "
    "integration; value: share of the distance to full integration closed "
    "(default joint_event_gain)",
    "key_person_leaves": "the longest-serving professional leaves; no value",
    "familiar_face_starts": "familiar faces start in subgroup `group`; value: how many (default 1)",
    "funding": "the funded share of the professionals' effort changes; value: the new level "
    "in [0, 1], until the funding horizon",
}


class Event(BaseModel):
    """A turning point a scenario schedules in a given week (000 L3626-3637: the walk that
    was a "kantelpunt"; 002 l.1677-1681: a key person leaving; 000 L3221-3228: a bridge
    figure who starts)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    week: Annotated[int, Field(ge=1, le=10_000)]
    kind: Literal["joint_walk", "key_person_leaves", "familiar_face_starts", "funding"]
    value: Annotated[float, Field(ge=0.0, le=100.0)] | None = None
    group: str | None = None

    @field_validator("*", mode="before")
    @classmethod
    def _no_conversions(cls, value: Any, info: ValidationInfo) -> Any:
        return strict_value(cls, value, info)

    @model_validator(mode="after")
    def _value_fits_kind(self) -> Event:
        if self.kind == "funding" and (self.value is None or self.value > 1):
            raise Mistake("event_funding_value")
        if self.kind == "joint_walk" and self.value is not None and self.value > 1:
            raise Mistake("event_walk_value")
        if self.kind == "familiar_face_starts":
            if self.group is None:
                raise Mistake("event_face_group")
            if self.value is not None and (self.value != int(self.value) or self.value < 1):
                raise Mistake("event_face_value")
        elif self.group is not None:
            raise Mistake("event_group_only", kind=self.kind)
        if self.kind == "key_person_leaves" and self.value is not None:
            raise Mistake("event_key_person_value")
        return self


# --------------------------------------------------------------------------------------------
# Model parameters.
# --------------------------------------------------------------------------------------------


#: Largest neighbourhood for which every resident can be recorded every week.
MAX_AGENT_RECORDS = 20_000


class Parameters(BaseModel):
    """All keyword parameters of :class:`sim.model.CoCreationModel`."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_conversions(cls, value: Any, info: ValidationInfo) -> Any:
        return strict_value(cls, value, info)

    # --- neighbourhood and population ---------------------------------------------------
    n_residents: int = P(
        2500, 50, 1_000_000, "assumption (a typical Dutch neighbourhood)", "number of residents"
    )
    dwelling_density: float = P(
        0.85, 0.3, 0.95, "assumption", "share of grid cells that are occupied dwellings"
    )
    spatial_clustering: float = P(
        0.6,
        0.0,
        1.0,
        "000 L3053-3065 (groups live apart); size: assumption",
        "0 = subgroups spread at random, 1 = each in its own area",
    )
    subgroups: tuple[Subgroup, ...] = Field(
        DEFAULT_SUBGROUPS,
        description="subgroup definitions (shares must sum to 1)",
        json_schema_extra={"source": "see DEFAULT_SUBGROUPS"},
    )
    mean_ties: float = P(8.0, 1.0, 30.0, "assumption", "mean number of social ties per resident")
    tie_locality: float = P(
        0.8,
        0.0,
        1.0,
        "000 L3053-3065 (networks mostly local); size: assumption",
        "share of ties to residents living nearby",
    )
    tie_radius: int = P(3, 1, 10, "assumption", "grid distance within which a tie is 'nearby'")
    homophily: float = P(
        0.8,
        0.0,
        1.0,
        "000 L4322-4326, L1265-1277; size: assumption",
        "chance that a tie to another subgroup is refused",
    )
    gender_homophily: float = P(
        0.5,
        0.0,
        1.0,
        "000 L1265-1277, L4312-4322; size: assumption",
        "chance that a tie to the other gender is refused",
    )

    # --- professionals (M1, M4) ---------------------------------------------------------
    n_professionals: int = P(3, 0, 500, "assumption", "professionals working on the initiative")
    contact_capacity: int = P(
        10,
        1,
        200,
        "000 L3602-3613 (time scarcity); size: assumption",
        "personal contacts one professional can make per week",
    )
    outreach: float = P(
        0.3,
        0.0,
        1.0,
        "000 L3985-4060, L4581-4590; 002 l.1366-1368",
        "share of professionals' contact time spent in the neighbourhood "
        "rather than behind the desk",
    )
    tunnelvisie: float = P(
        0.3,
        0.0,
        1.0,
        "000 L3490-3491, L3694-3723",
        "share of outreach contacts spent on the usual suspects "
        "(current participants) instead of those not yet reached",
    )
    door_to_door_share: float = P(
        0.3,
        0.0,
        1.0,
        "000 L4014-4021; size: assumption",
        "share of outreach weeks spent door to door rather than at a vindplaats",
    )
    door_to_door_radius: int = P(
        3,
        1,
        20,
        "assumption",
        "grid distance around a home within which a door-to-door round meets residents",
    )
    desk_visit_rate: float = P(
        0.001,
        0.0,
        0.2,
        "000 L3985-4001 (invitations to come to the office were 'een flop'); E9 (passive "
        "recruitment enrols half as many, and the better-off); size: assumption, checked "
        "against the channel targets in docs/validation.md",
        "weekly chance that a resident of full capacity visits the "
        "office on their own (scaled by capacity squared)",
        prior=Prior("loguniform", 0.0001, 0.01),
    )
    familiarity_weeks: float = P(
        52.0,
        1.0,
        520.0,
        "000 L3194-3218; size: assumption",
        "weeks of tenure after which a professional is 63% familiar with the area",
    )

    # --- passive channels and word of mouth (M1, M5) -------------------------------------
    passive_reach: float = P(
        0.003,
        0.0,
        0.5,
        "000 L4022-4036 (flyers alone do not suffice); 002 l.1183; E7-E8 (a letter alone "
        "recruits a seventh to a third, the literate); size: assumption",
        "weekly chance that flyers/letters/website inform a resident of full literacy and trust",
    )
    word_of_mouth: float = P(
        0.06,
        0.0,
        0.5,
        "000 L1228-1240, L4022-4036, L3026-3036 (initiatives grow by word of mouth); size: "
        "assumption, checked against the channel targets",
        "weekly chance that one participating tie tells an unaware resident",
        prior=Prior("loguniform", 0.01, 0.3),
    )

    # --- bekende gezichten (M3) ---------------------------------------------------------
    n_bekende_gezichten: int = P(
        2,
        0,
        500,
        "000 L3194-3273, L2660-2662",
        "familiar faces (bridge figures) active in the neighbourhood",
    )
    bekende_gezichten_groups: tuple[str, ...] | None = Field(
        None,
        description="subgroups the familiar faces are known in, assigned in turn "
        "(None = every low-SES subgroup)",
        json_schema_extra={"source": "000 L3231-3243; 002 l.1260-1350"},
    )
    bekende_gezichten_female: float = P(
        0.8,
        0.0,
        1.0,
        "000 L3775-3778 (most initiatives were organised by women), L4312-4322; size: assumption",
        "share of familiar faces who are women; a face knows mostly residents of their own "
        "gender (gender_homophily)",
    )
    bekend_gezicht_reach: int = P(
        80, 5, 1000, "assumption", "residents of the covered subgroup a familiar face knows"
    )
    bekend_gezicht_contacts: int = P(
        10, 1, 100, "assumption", "residents a familiar face talks to per week"
    )
    endorsement_decay: float = P(
        0.1, 0.0, 1.0, "assumption", "weekly fading of a familiar face's endorsement"
    )
    bekend_gezicht_bridge: float = P(
        0.8,
        0.0,
        1.0,
        "000 L3231-3248 (a familiar face speaks the language, translates and accompanies); "
        "size: assumption",
        "share of the language barrier a full endorsement bridges (on top of the threshold relief)",
    )
    bekend_gezicht_relief: float = P(
        0.5,
        0.0,
        1.0,
        "000 L3231-3248 (accompanying, bridging language); size: assumption",
        "share of the threshold a full endorsement removes",
    )

    # --- participation function (M2, M5) -------------------------------------------------
    join_intercept: float = P(
        -8.0,
        -12.0,
        0.0,
        "assumption (sets the base weekly rate; set so that a few % ever take part, E1)",
        "log-odds of joining per week with every term at zero",
        prior=Prior("uniform", -10.0, -6.0),
    )
    w_trust: float = P(
        1.0,
        0.0,
        6.0,
        "000 L1150-1156; 002 l.29, l.1213; size: assumption, with w_stress and w_language "
        "bounded by E2-E4 (higher SES join 1.7-2.4 times as often)",
        "weight of trust in institutions",
        prior=Prior("uniform", 0.0, 3.0),
    )
    w_invitation: float = P(
        2.0,
        0.0,
        6.0,
        "000 L4014-4021 ('mensenwerk'); 002 l.1366",
        "weight of a personal contact with a professional this week",
    )
    w_endorsement: float = P(
        2.0,
        0.0,
        6.0,
        "000 L3245-3248; size: E13 (community health workers add about 10-13 points of uptake)",
        "weight of a familiar face's endorsement",
        prior=Prior("uniform", 0.0, 5.0),
    )
    w_social: float = P(
        3.0,
        0.0,
        6.0,
        "000 L1228-1240, L3026-3038",
        "weight of the share of one's ties that take part",
        prior=Prior("uniform", 0.0, 6.0),
    )
    w_stress: float = P(
        1.5,
        0.0,
        8.0,
        "000 L3281-3291, L4215-4221; size bounded by E2-E4 (see w_trust)",
        "weight of stress (times the threshold)",
        prior=Prior("uniform", 0.0, 4.0),
    )
    w_language: float = P(
        2.0,
        0.0,
        8.0,
        "000 L3299-3319; 002 l.1181-1183",
        "weight of the language barrier (times the threshold)",
        prior=Prior("uniform", 0.0, 4.0),
    )
    laagdrempeligheid: float = P(
        0.3,
        0.0,
        1.0,
        "000 L2664-2666, L3279-3405; 002 l.1181-1217",
        "how low the threshold is: informal, free, no obligation, visual methods",
    )
    max_threshold_relief: float = P(
        0.8,
        0.0,
        1.0,
        "002 l.1183 (aids help only partly)",
        "share of the threshold that full laagdrempeligheid removes",
    )
    composition_effect: float = P(
        0.3,
        0.0,
        3.0,
        "000 L1281-1291, L3053-3065",
        "pull of one's own subgroup among participants, push of its absence",
    )
    gender_composition_effect: float = P(
        0.3, 0.0, 3.0, "000 L4312-4322, L3750-3798", "the same for gender"
    )
    mixing_effort: float = P(
        0.0,
        0.0,
        1.0,
        "000 L3005-3016, L3077-3101",
        "effort to mix groups: weakens the push of absence, costs professionals' time",
    )
    mixing_cost: float = P(
        0.3,
        0.0,
        1.0,
        "000 L3014-3016 ('vraagt ook wel inzet'); size: assumption",
        "share of contact capacity that full mixing effort takes",
    )

    # --- staying and organising (M2) ------------------------------------------------------
    leave_base: float = P(
        0.003,
        0.0,
        0.5,
        "E17-E18 (27-31% stop within a year in Dutch lifestyle programmes: about 0.006 a "
        "week, all causes together)",
        "weekly chance a participant stops",
        prior=Prior("loguniform", 0.0005, 0.02),
    )
    leave_stress: float = P(
        0.01,
        0.0,
        0.5,
        "000 L3376-3382 (less stress, people keep coming); E17 (lower income and migration "
        "background stop more); size: assumption, with leave_base about 0.006 a week in all",
        "extra weekly chance to stop per unit of stress times threshold",
        prior=Prior("uniform", 0.0, 0.04),
    )
    contact_retention: float = P(
        0.5,
        0.0,
        1.0,
        "000 L3694-3733 (attention keeps the same faces coming); size: assumption",
        "share of the chance to stop removed by a professional's contact that week",
        prior=Prior("uniform", 0.0, 1.0),
    )
    organiser_weeks: int = P(
        26,
        1,
        520,
        "000 L2709-2719 (trained volunteers organise); size: assumption",
        "weeks of participation before a resident can become an organiser",
    )
    organiser_rate: float = P(
        0.002,
        0.0,
        0.2,
        "000 L2709-2719 (volunteers trained by the professionals organise); size: "
        "assumption (a few organisers per hundred participants a year)",
        "weekly chance that an eligible participant of full capacity becomes an organiser, "
        "while the professionals are funded to train them",
    )

    # --- the initiative: phases, agenda, funding (M8, M9) ---------------------------------
    initiation_weeks: int = P(
        13,
        0,
        520,
        "003 l.1994-2000 (a shared vision first); size: assumption",
        "weeks of initiation: recruiting, no activities yet",
    )
    design_weeks: int = P(
        26,
        0,
        520,
        "000 L2764-2781; size: assumption",
        "weeks of co-design after initiation, before activities start",
    )
    funding_weeks: int = P(
        156,
        1,
        1040,
        "000 L1608-1650 (projects of 3-4 years); 004 l.1974-1979",
        "funding horizon: after it professionals' work "
        "continues only as far as it is structurally embedded",
    )
    evaluation_weeks: int = P(
        13,
        0,
        520,
        "002 l.1069-1079, l.1108 (formal vs informal evaluation); size: assumption",
        "last weeks before the funding horizon spent on evaluation",
    )
    resident_led: float = P(
        0.5,
        0.0,
        1.0,
        "000 L2764-2781, L2816-2854",
        "share of the agenda set by residents rather than the municipality",
    )
    lifestyle_activities: float = P(
        0.5,
        0.0,
        1.0,
        "000 L2344-2361; 004 l.239-249",
        "intensity of lifestyle activities once activities run",
    )

    # --- expectations and trust (M6) ---------------------------------------------------------
    expectation_clarity: float = P(
        0.5,
        0.0,
        1.0,
        "000 L3496-3498, L3881-3900",
        "how concretely residents are told what taking part brings",
    )
    w_clarity: float = P(
        1.0,
        0.0,
        6.0,
        "000 L3881-3885 (a concrete plan draws people)",
        "weight of expectation clarity in the participation function",
    )
    feedback_rate: float = P(
        0.2,
        0.0,
        1.0,
        "000 L3905-3960; 002 l.1254-1258",
        "weekly chance a participant hears what happened with their "
        "input (formal structure adds to it in the evaluation phase)",
    )
    promise_keeping: float = P(
        0.9,
        0.0,
        1.0,
        "001 l.1848-1864; 000 L3964-3976, L3926-3928",
        "chance that what residents were told is delivered",
    )
    frustration_growth: float = P(
        0.25,
        0.0,
        1.0,
        "000 L3840-3847, L3858-3866 (stop after about two meetings)",
        "weekly frustration without visible "
        "results when expectations are wholly unclear (1 = stops)",
    )
    broken_promise_frustration: float = P(
        0.3,
        0.0,
        1.0,
        "000 L1421-1427; 001 l.2360-2370; size: assumption",
        "frustration a broken promise adds",
    )
    trust_gain: float = P(
        0.05,
        0.0,
        0.5,
        "002 l.1839-1841, l.1865-1867 (built gradually)",
        "share of the distance to full trust gained per kept promise",
        prior=Prior("loguniform", 0.01, 0.2),
    )
    trust_loss: float = P(
        0.2,
        0.0,
        1.0,
        "002 l.1839-1841 (lost fast); 000 L1427-1431",
        "share of trust lost per broken promise or frustrated exit",
    )

    # --- hokjesmentaliteit and staff (M7) --------------------------------------------------
    integration: float = P(
        0.4,
        0.0,
        1.0,
        "000 L3493-3494, L3579-3591; 003 l.1752-1833",
        "initial integration between organisations: chance a signal reaches the right service",
    )
    joint_event_rate: float = P(
        0.04,
        0.0,
        1.0,
        "000 L3626-3660 (neighbourhood walk, subcommissions); size: assumption",
        "weekly chance of a joint event of the organisations",
    )
    joint_event_gain: float = P(
        0.2,
        0.0,
        1.0,
        "000 L3626-3637 ('kantelpunt'); size: assumption",
        "share of the distance to full integration a joint event closes",
    )
    integration_decay: float = P(
        0.005,
        0.0,
        0.2,
        "000 L3598-3613 (short of time, people work alone); size: assumption",
        "weekly fading of integration",
    )
    turnover_rate: float = P(
        0.006,
        0.0,
        0.2,
        "000 L3551-3577; 004 l.2121-2139; E19 (31% of Dutch social workers change job in a "
        "year, 17% leave the sector: 0.004-0.007 a week)",
        "weekly chance that a professional leaves (a successor starts from zero)",
    )
    turnover_integration_loss: float = P(
        0.15,
        0.0,
        1.0,
        "000 L3551-3577; size: assumption",
        "share of integration lost when a professional leaves",
    )
    key_person_leaves_at: int = P(
        -1,
        -1,
        10_000,
        "002 l.1677-1681; 004 l.1974-1979",
        "week in which the longest-serving professional leaves (-1 = never)",
    )
    vacancy_weeks: int = P(
        13,
        0,
        104,
        "003 l.561-564, l.1079 (the programme manager's post "
        "stands vacant while a successor is recruited); 13 weeks: assumption",
        "weeks before the key professional's successor starts",
    )
    signal_threshold: float = P(
        0.6,
        0.0,
        1.0,
        "000 L382-388, L3245-3248; size: assumption",
        "stress above which a resident has a problem to signal (debts, housing)",
    )
    signal_detection: float = P(
        0.3,
        0.0,
        1.0,
        "000 L2993-2999; 003 l.1855-1862",
        "chance a professional's contact picks up a resident's problem",
    )
    bekend_gezicht_detection: float = P(
        0.6, 0.0, 1.0, "000 L3233-3243, L4203-4213", "the same for a familiar face's talk"
    )
    referral_relief: float = P(
        0.3,
        0.0,
        1.0,
        "000 L2389-2411, L3245-3248; size: assumption",
        "share of stress removed when a problem is resolved",
    )
    stress_recurrence: float = P(
        0.005,
        0.0,
        0.2,
        "000 L382-388 (structural problems); size: assumption",
        "weekly return of stress toward its starting level",
    )

    # --- empowerment and health (M8) ---------------------------------------------------------
    regie_gain: float = P(
        0.02,
        0.0,
        0.5,
        "000 L2538-2553, L2644-2728",
        "weekly gain in eigen regie while taking part (full ownership)",
    )
    regie_decay: float = P(
        0.005,
        0.0,
        0.2,
        "000 L2344-2361 (empowerment lasts)",
        "weekly fading of eigen regie back toward its start when not taking part",
    )
    tie_formation: float = P(
        0.05,
        0.0,
        1.0,
        "000 L2959-2999, L3005-3109; size: assumption",
        "weekly chance a participant makes a new tie at an activity",
    )
    lifestyle_gain: float = P(
        0.05,
        0.0,
        0.5,
        "000 L2344-2361; size: assumption",
        "weekly lifestyle improvement at full lifestyle activity",
    )
    lifestyle_decay: float = P(
        0.1,
        0.0,
        1.0,
        "000 L2344-2361 (ends when the project stops)",
        "weekly fading of lifestyle improvement without activities",
    )
    stress_gate: float = P(
        0.5,
        0.0,
        1.0,
        "000 L2389-2411 ('first get me out of the water'), L534-538; 004 l.239-249",
        "stress above which lifestyle activities do not work",
    )
    health_rate: float = P(
        0.004,
        0.0,
        0.1,
        "004 l.1607-1647 (effects show only after years)",
        "weekly speed at which health moves toward its target",
    )
    w_health_stress: float = P(
        0.3,
        0.0,
        1.0,
        "000 L382-388, L534-538; size: assumption",
        "health target gained per unit of stress removed",
    )
    w_health_regie: float = P(
        0.2,
        0.0,
        1.0,
        "000 L2538-2553; 003 l.2236-2238",
        "health target gained per unit of eigen regie gained",
    )
    w_health_support: float = P(
        0.1,
        0.0,
        1.0,
        "000 L2302-2318, L2460-2499",
        "health target gained per unit of social support gained",
    )
    w_health_lifestyle: float = P(
        0.1,
        0.0,
        1.0,
        "000 L2344-2361; size: assumption",
        "health target gained at full lifestyle improvement",
    )

    # --- structure and relations (M9, M10) ---------------------------------------------------
    structure: float = P(
        0.3,
        0.0,
        1.0,
        "002 l.1067-1124, l.1998-2034",
        "formal, institutional embedding: stable, outlasts funding, but formal",
    )
    formality_barrier: float = P(
        0.5,
        0.0,
        2.0,
        "002 l.1122-1124, l.1718-1722, l.2030-2032",
        "how much full structure raises the threshold",
    )
    structure_retention: float = P(
        0.5,
        0.0,
        1.0,
        "002 l.1998-2000 (stability, continuity)",
        "share of the chance to stop that full structure removes",
    )
    residents_organisation: float = P(
        0.0,
        0.0,
        1.0,
        "000 L3115-3188 (Sint Nyk vs Zuiderveld)",
        "strength of an existing residents' organisation",
    )
    organisation_reach: float = P(
        0.02,
        0.0,
        0.5,
        "000 L3148-3178 ('alle hoeken en gaten'); size: assumption",
        "weekly chance a full-strength residents' organisation informs a resident",
    )
    organiser_carries: float = P(
        4.0,
        0.0,
        100.0,
        "000 L2709-2719, L3266-3273; 003 l.1056-1072 (Texel went on 'in afgeslankte vorm'); "
        "size: assumption (a walking or cooking group)",
        "participants one resident organiser keeps an activity going for after the funding "
        "(an absolute number of places)",
        prior=Prior("uniform", 0.0, 12.0),
    )
    cliff_leave: float = P(
        0.1,
        0.0,
        1.0,
        "004 l.1974-1979, l.2069-2072; 002 l.1203-1205",
        "weekly chance to stop when there is no activity to go to",
        prior=Prior("uniform", 0.0, 0.4),
    )
    bekende_gezichten_paid: float = P(
        0.5,
        0.0,
        1.0,
        "000 L5280-5286 (social workers and residents); 002 l.1449-1451",
        "share of familiar faces who are paid and stop at the funding horizon",
    )
    bekend_gezicht_dropout: float = P(
        0.002,
        0.0,
        0.2,
        "assumption (familiar faces stop through overload)",
        "weekly chance a familiar face stops",
    )

    events: tuple[Event, ...] = Field(
        (),
        description="turning points at given weeks: a joint walk, the key person leaving, "
        "a familiar face starting, a change of funding ([[events]] in a scenario)",
        json_schema_extra={"source": "000 L3626-3637; 002 l.1677-1681; 000 L3221-3228"},
    )

    # --- output ---------------------------------------------------------------------------
    collect_agents: bool = Field(
        False,
        description="also record every resident every tick (large)",
        json_schema_extra={"source": "output option"},
    )

    @model_validator(mode="after")
    def _check_subgroups(self) -> Parameters:
        if self.collect_agents and self.n_residents > MAX_AGENT_RECORDS:
            raise Mistake(
                "agent_records_limit",
                limit=f"{MAX_AGENT_RECORDS:,}",
                n=f"{self.n_residents:,}",
            )
        names = [g.name for g in self.subgroups]
        if len(set(names)) != len(names):
            raise Mistake("subgroup_names_unique", names=names)
        total = sum(g.share for g in self.subgroups)
        if abs(total - 1.0) > 1e-6:
            raise Mistake("shares_sum", total=Number(total, ".4f"))
        if self.bekende_gezichten_groups is not None:
            unknown = [g for g in self.bekende_gezichten_groups if g not in names]
            if unknown:
                raise Mistake("faces_groups_unknown", unknown=unknown, names=names)
        for event in self.events:
            if event.group is not None and event.group not in names:
                raise Mistake(
                    "event_group_unknown", week=event.week, group=event.group, names=names
                )
        return self

    @property
    def bekende_gezichten_cover(self) -> tuple[str, ...]:
        """The subgroups the familiar faces are known in (default: all low-SES subgroups)."""
        if self.bekende_gezichten_groups is not None:
            return self.bekende_gezichten_groups
        return tuple(g.name for g in self.subgroups if g.low_ses)


PARAMETER_NAMES: tuple[str, ...] = tuple(Parameters.model_fields)


def _priors() -> dict[str, Prior]:
    """The declared priors, each checked to lie inside its parameter's allowed range and to
    hold its default (the default is a point the calibration can reach)."""
    found: dict[str, Prior] = {}
    for name, field in Parameters.model_fields.items():
        extra = field.json_schema_extra
        prior = extra.get("prior") if isinstance(extra, dict) else None
        if not isinstance(prior, Prior):
            continue
        lo, hi = bounds(name)
        if not (lo <= prior.low < prior.high <= hi) or (
            prior.shape == "loguniform" and prior.low <= 0
        ):
            raise AssertionError(f"{name}: prior {prior.described()} outside [{lo}, {hi}]")
        if not prior.low <= field.default <= prior.high:
            raise AssertionError(f"{name}: default {field.default} outside its prior")
        found[name] = prior
    return found


def bounds(name: str) -> tuple[Any, Any]:
    """The inclusive allowed range [lo, hi] of a parameter (None where open)."""
    lo = hi = None
    for meta in Parameters.model_fields[name].metadata:
        lo = getattr(meta, "ge", lo)
        hi = getattr(meta, "le", hi)
    return lo, hi


#: The parameters whose size is an assumption the calibration fits, with their priors.
#: Parameters that a scenario's case key sets (``organiser_rate``, ``passive_reach``,
#: ``composition_effect``) have none: a prior would be overruled by the scenario.
PRIORS: dict[str, Prior] = _priors()


def _allowed(name: str) -> Mistake:
    field = Parameters.model_fields[name]
    lo, hi = bounds(name)
    if lo is not None and hi is None:
        return Mistake("rule:at_least", lo=lo)
    if lo is not None or hi is not None:
        return Mistake("rule:range", lo=lo, hi=hi)
    if field.annotation is bool:
        return Mistake("rule:bool")
    if name == "subgroups":
        return Mistake("rule:subgroups")
    if name == "events":
        return Mistake("rule:events")
    return Mistake("rule:type", kind=str(field.annotation).replace("typing.", ""))


def validate_parameters(**params: Any) -> Parameters:
    """Check keyword parameters and fill in defaults; raise :class:`ParameterError` if wrong."""
    try:
        return Parameters(**params)
    except ValidationError as exc:
        problems = validation_mistakes(
            exc,
            keys=lambda table: PARAMETER_NAMES if not table else (),
            allowed=lambda name: _allowed(name) if name in PARAMETER_NAMES else None,
            noun="parameter",
            known="Known parameters",
            whole="parameters",
        )
        raise ParameterError("all", problems=problems) from None


def parameter_table() -> list[dict[str, Any]]:
    """One row per parameter (name, default, range, meaning, source), for docs and the CLI."""
    rows = []
    for name, field in Parameters.model_fields.items():
        lo, hi = bounds(name)
        default = field.default
        if name == "subgroups":
            default = ", ".join(g.name for g in default)
        if name == "events":
            default = "none"
        rows.append(
            {
                "name": name,
                "default": default,
                "min": lo,
                "max": hi,
                "meaning": field.description,
                "source": _source(field.json_schema_extra),
                "prior": PRIORS[name].described() if name in PRIORS else "",
            }
        )
    return rows


def _source(extra: Any) -> str:
    return str(extra.get("source", "")) if isinstance(extra, dict) else ""


def markdown_rows() -> str:
    """The parameter table as Markdown rows: name, default, range, meaning, source."""
    lines = [
        "| parameter | default | range | prior | meaning | source |",
        "|---|---|---|---|---|---|",
    ]
    for row in parameter_table():
        span = "" if row["min"] is None else f"{row['min']} – {row['max']}"
        cells = [
            f"`{row['name']}`",
            str(row["default"]),
            span,
            row["prior"],
            row["meaning"] or "",
            row["source"] or "",
        ]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def markdown_table() -> str:
    """The parameter page, ``docs/parameters.md``."""
    return (
        "# Parameters\n\n"
        "Generated from `sim/parameters.py` by `uv run cocreatie docs`; do not edit by "
        "hand (a test checks that this page matches the code). Sources are cited as seed "
        "document and line range (`000 L3985-4060`); *assumption* marks what the sources "
        "do not fix. A *prior* marks an assumed size the calibration fits to the target "
        "registry ([calibration.md](calibration.md)); the others stay at their default. "
        "The subgroup definitions are in `DEFAULT_SUBGROUPS`.\n\n" + markdown_rows()
    )


#: Markers around the generated parameter table in ``docs/ODD.md``.
TABLE_MARKERS = ("<!-- parameters:start -->", "<!-- parameters:end -->")


def fill_parameter_table(text: str) -> str:
    """``text`` with the generated table between :data:`TABLE_MARKERS`."""
    start, end = TABLE_MARKERS
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    return f"{head}{start}\n{markdown_rows()}{end}{tail}"
