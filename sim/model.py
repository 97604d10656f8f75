"""The neighbourhood co-creation model.

One tick is one week. Each week professionals split their contact time between the desk and
the neighbourhood (M1, with tunnelvisie M4), familiar faces endorse the initiative in the
groups they are known in (M3), flyers and word of mouth inform others (M1, M5), and aware
residents decide through one participation function whether to join (M2, M5). Over the
years participants meet expectations or frustration (M6), their problems are referred
through more or less integrated organisations (M7), they gain regie, support and health
(M8), and the funding horizon tests what is embedded or carried by residents (M9, M10).
The participation rules are in :mod:`sim.mechanisms`, the long-run ones in
:mod:`sim.dynamics`.
"""

from __future__ import annotations

import copyreg
import gc
import inspect
import operator
import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import mesa
import numpy as np
from mesa.datacollection import DataCollector
from mesa.discrete_space import Cell, OrthogonalMooreGrid

from sim import dynamics as d
from sim import mechanisms as m
from sim.agents import BekendGezicht, Professional, Resident
from sim.messages import Given
from sim.metrics import Views, compute_metrics
from sim.neighbourhood import (
    VINDPLAATS_KINDS,
    make_layout,
    make_ties,
    nearest_site,
    place_residents,
)
from sim.parameters import ParameterError, Parameters, validate_parameters
from sim.population import Channel, Exit, Residents, State, draw_residents

#: The exit causes and their columns, in the order of :class:`~sim.population.Exit`.
_EXIT_COLUMNS = [(int(e), f"exits[{e.name.lower()}]") for e in Exit]

#: Weeks of tenure of the professionals at the start: drawn uniformly up to this (assumption).
MAX_INITIAL_TENURE = 104

#: How much further away a familiar face counts residents of the other gender, in tie radii
#: at full gender homophily (assumption, set by hand so that a face's circle is about three
#: quarters their own gender at the default homophily of 0.5).
OTHER_GENDER_DISTANCE = 4


def visit_frequency(r: Residents) -> dict[str, np.ndarray]:
    """How often each resident comes to each kind of vindplaats (relative, per week).

    Parents come to school five times a week, mostly mothers (000 L3344, L3719-3722); women
    come to the community centre's groups (women's groups, the taalcafé) more than men
    (000 L3765-3786, L4338-4346); people in poorer health see the GP more; everybody goes to
    the market (000 L4055-4060); the library draws the literate. The sizes are assumptions.
    """
    n = len(r)
    return {
        "school": r.children_at_school * np.where(r.female, 1.0, 0.4),
        "community_centre": np.where(r.female, 0.4, 0.2),
        "gp_practice": 0.1 + 0.6 * (1 - r.health),
        "market": np.full(n, 0.4),
        "library": 0.1 + 0.4 * r.literacy,
    }


class CoCreationModel(mesa.Model):
    """A co-creation initiative in one neighbourhood, and who it reaches.

    Every keyword argument is a parameter of :class:`sim.parameters.Parameters` (default,
    range and source there); ``rng`` seeds the run. Unknown names and out-of-range values
    raise :class:`~sim.parameters.ParameterError`.
    """

    def __init__(self, *, rng: Any = None, **params: Any) -> None:
        if isinstance(rng, str):  # a seed typed into a text field
            try:
                rng = int(rng)
            except ValueError:
                raise ParameterError("seed_not_whole", given=Given(rng)) from None
        self.p: Parameters = validate_parameters(**params)
        super().__init__(rng=rng)
        p = self.p
        self.group_names = [g.name for g in p.subgroups]

        # Neighbourhood and population.
        self.layout = make_layout(p)
        with _gc_paused():
            self.grid = NeighbourhoodGrid(
                (self.layout.width, self.layout.height), torus=False, random=self.random
            )
        r = self.residents = draw_residents(p, self.rng)
        r.home = place_residents(r.group, self.layout, p.spatial_clustering, self.rng)
        self.ties = make_ties(r.home, r.group, r.female, self.layout.width, p, self.rng)
        self._new_ties: list[tuple[np.ndarray, np.ndarray]] = []
        self._update_network()
        r.set_start(regie=m.capacity(r), support=r.support)  # regie starts at capacity
        self.occupant = np.full((self.layout.width, self.layout.height), -1, dtype=np.int64)
        self.occupant[r.home[:, 0], r.home[:, 1]] = np.arange(len(r))
        self.vindplaatsen = self._vindplaats_catchments(r)  # where professionals can go
        self.capacity = m.capacity(r)
        self.population_shares = m.population_shares(r, len(self.group_names))  # for M5

        # The initiative.
        self.phase = d.Phase.INITIATION
        self.funding = 1.0
        self.supply = 1.0
        self.at_horizon = 0  # participants in the last funded week (M9)
        self.kept = 1.0  # places after the horizon per participant at it (M9)
        self.integration = p.integration

        # Agents.
        with _gc_paused():
            self._create_residents(r)
        office = self.grid[self.layout.office]
        tenure = self.rng.uniform(0, MAX_INITIAL_TENURE, p.n_professionals)
        Professional.create_agents(self, p.n_professionals, cell=office, tenure=tenure)
        self._create_bekende_gezichten()

        # Weekly bookkeeping.
        self.week_contact = np.zeros(len(r))  # strongest personal contact this week
        self.week_talked = np.zeros(len(r), dtype=bool)  # talked to by a familiar face
        self.suspect_weights = np.zeros(len(r))  # where tunnel vision draws attention (M4)
        self.suspect_cdf: np.ndarray | None = None  # drawn from by all professionals (M4)
        self._week_contacts: list[np.ndarray] = []
        self._successor_due = -1  # week the key professional's successor starts
        self._key_exits: np.ndarray | None = None  # this week: who hangs on a leaving key person
        self.new_aware: dict[int, int] = {}
        self._taking_part = r.participating  # who took part when the week began
        self._leavers = self._referred = self._resolved = 0
        self._joins = np.zeros(len(r), dtype=bool)
        self._exits = np.full(len(r), -1, dtype=np.int8)
        self.events = self._week_events()
        self.metric_layout = Views.of(
            r, self.group_names, np.array([g.low_ses for g in p.subgroups])
        )
        self.metrics: dict[str, float] = {}
        self._update_metrics()
        self.datacollector = MetricsCollector(
            self.metrics,
            agenttype_reporters=(
                {Resident: {"state": "state", "contacts": "contacts"}} if p.collect_agents else None
            ),
        )
        self.datacollector.collect(self)

    # --- set-up helpers -------------------------------------------------------------------

    def _vindplaats_catchments(self, r: Residents) -> list[tuple[Any, np.ndarray, np.ndarray]]:
        """For each vindplaats: its cell, the residents who use it, and how often they come."""
        freq = visit_frequency(r)
        sites = []
        for kind in VINDPLAATS_KINDS:
            xy = self.layout.sites[kind]
            nearest = nearest_site(r.home, xy)
            for s, (x, y) in enumerate(xy):
                users = np.flatnonzero(nearest == s)
                sites.append((self.grid[(int(x), int(y))], users, freq[kind][users]))
        return sites

    def _create_residents(self, r: Residents) -> None:
        """One :class:`~sim.agents.Resident` per row of the arrays, at home, in the order of
        the rows (what ``Resident.create_agents`` does, without building the AgentSet it
        returns, which the model does not use: a tenth of the set-up of a large run)."""
        cells = self.grid._cells
        for i, xy in enumerate(map(tuple, r.home.tolist())):
            Resident(self, cells[xy], i)

    def _create_bekende_gezichten(self) -> None:
        """Familiar faces, one per covered subgroup in turn, each knowing nearby members."""
        p, r = self.p, self.residents
        cover = [self.group_names.index(name) for name in p.bekende_gezichten_cover]
        # A covered subgroup too small to have a resident (its share rounds to zero) has no
        # one to know; skipping it draws no numbers, so other runs are unchanged.
        cover = [g for g in cover if (r.group == g).any()]
        for i in range(p.n_bekende_gezichten if cover else 0):
            self._new_bekend_gezicht(cover[i % len(cover)])

    def _new_bekend_gezicht(self, g: int) -> None:
        """A familiar face in subgroup ``g``: a woman or a man, living among the members and
        knowing the ``bekend_gezicht_reach`` nearest, those of the other gender as if they
        lived further away (gender_homophily: women's networks are women's, 000 L4312-4322)."""
        p, r, rng = self.p, self.residents, self.rng
        members = np.flatnonzero(r.group == g)
        if len(members) == 0:
            return
        home = r.home[rng.choice(members)]
        female = bool(rng.random() < p.bekende_gezichten_female)
        other = r.female[members] != female
        dist = (
            np.abs(r.home[members] - home).max(axis=1)
            + rng.random(len(members))
            + other * p.gender_homophily * OTHER_GENDER_DISTANCE * p.tie_radius
        )
        known = members[np.argsort(dist)[: p.bekend_gezicht_reach]]
        paid = rng.random() < p.bekende_gezichten_paid
        BekendGezicht(self, self.grid[tuple(home)], g, known, paid, female)

    def _scheduled_events(self) -> None:
        """The scenario's events of this week that act here: a joint walk (M7) and familiar
        faces who start (M3). The key person's leaving is in :meth:`_staff_turnover` and a
        change of funding in :func:`sim.dynamics.funding_level`."""
        p, week = self.p, self.steps
        for event in d.events_due(week, "joint_walk", p):
            gain = p.joint_event_gain if event.value is None else event.value
            self.integration = d.joint_walk(self.integration, gain)
        for event in d.events_due(week, "familiar_face_starts", p):
            for _ in range(1 if event.value is None else int(event.value)):
                self._new_bekend_gezicht(self.group_names.index(str(event.group)))

    def _update_network(self) -> None:
        """Degrees from the ties, and social support from them (M8)."""
        degree = np.diff(self.ties.indptr)
        self.degree = np.maximum(degree, 1)
        self.residents.support = d.social_support(degree, self.p)

    # --- actions the agents call ----------------------------------------------------------

    def inform(self, who: np.ndarray, channel: Channel) -> None:
        """Make residents aware of the initiative, recording the channel for those new to it."""
        new = self.residents.inform(who, channel)
        if new:
            self.new_aware[channel] = self.new_aware.get(channel, 0) + new

    def contact(self, who: np.ndarray, strength: float, channel: Channel) -> None:
        """A professional's personal contact: informs, and invites with the given strength."""
        if len(who) == 0:
            return
        self.inform(who, channel)
        np.maximum.at(self.week_contact, who, strength)
        self._week_contacts.append(who)

    def endorse(self, who: np.ndarray) -> None:
        """A familiar face's endorsement (M3): informs, and vouches at full strength."""
        self.inform(who, Channel.BEKEND_GEZICHT)
        self.residents.endorsement[who] = 1.0
        self.week_talked[who] = True

    # --- the week -------------------------------------------------------------------------

    def step(self) -> None:
        """One week of the initiative: its phases in a fixed order (mechanisms in brackets)."""
        self._start_week()  # phase and funding (M9)
        self._initiative()  # funding horizon, staff turnover, integration, events (M7, M9)
        self._outreach()  # professionals out there and at the desk (M1, M4)
        self._spread_the_word()  # familiar faces, flyers, word of mouth (M1, M3, M5, M10)
        self._referrals()  # problems noticed and referred (M7)
        self._participation()  # who joins, stays, stops or organises (M2, M5, M6, M9)
        self._expectations()  # results, frustration, trust (M6)
        self._empowerment_and_health()  # regie, ties, lifestyle, health (M8)
        self._record()  # events, contacts, metrics, DataCollector

    def _start_week(self) -> None:
        self.week_contact[:] = 0
        self.week_talked[:] = False
        self._week_contacts = []
        self.new_aware = {}
        # Who takes part is computed once and held until the decisions change it; released
        # at the end of the week (_record).
        self.residents.hold_participating()
        # Everyone decides on who took part when the week began; the record needs it too.
        self._taking_part = self.residents.participating
        # Who of each resident's ties take part and organise: the network and both stay as
        # they are until the decisions and the new ties at the end of the week.
        self._ties_taking_part = m.ties_taking_part(
            self.ties, self._taking_part, self.residents.state == State.ORGANISER
        )
        self.phase = d.phase(self.steps, self.p)
        self.funding = d.funding_level(self.steps, self.p)
        if self.steps == self.p.funding_weeks:
            self.at_horizon = int(self._taking_part.sum())

    def _initiative(self) -> None:
        p = self.p
        faces = list(self.agents_by_type.get(BekendGezicht, ()))
        paid = np.array([face.paid for face in faces], dtype=bool)
        _remove(faces, d.paid_faces_stop(self.steps, paid, p))
        self._leavers = self._staff_turnover()
        self.integration = d.update_integration(self.integration, self._leavers, p, self.rng)
        self._scheduled_events()

    def _outreach(self) -> None:
        # Fixed for the week, so that every professional sees the same faces (M4).
        self.suspect_weights = m.usual_suspect_weights(self.residents, self.capacity)
        self.suspect_cdf = m.suspect_cdf(self.suspect_weights)
        self._activate(Professional)
        slots = m.desk_slots(len(self._professionals()), self.funding, self.p)
        visitors = m.desk_visits(self.capacity, self.p.desk_visit_rate, slots, self.rng)
        self.contact(visitors, self._mean_familiarity(), Channel.DESK)

    def _spread_the_word(self) -> None:
        p, r, rng = self.p, self.residents, self.rng
        faces = list(self.agents_by_type.get(BekendGezicht, ()))
        _remove(faces, [m.face_stops(p, rng) for _ in faces])
        self._activate(BekendGezicht)
        self.inform(
            np.flatnonzero(m.passive_channel(r, p.passive_reach * self.funding, rng)),
            Channel.PASSIVE,
        )
        self.inform(
            np.flatnonzero(m.word_of_mouth(r, *self._ties_taking_part, p.word_of_mouth, rng)),
            Channel.WORD_OF_MOUTH,
        )
        self.inform(
            np.flatnonzero(d.organisation_channel(len(r), p, rng)), Channel.RESIDENTS_ORGANISATION
        )

    def _referrals(self) -> None:
        r = self.residents
        referred = d.pick_up_signals(r, self.week_contact > 0, self.week_talked, self.p, self.rng)
        resolved = d.resolve_referrals(r, referred, self.integration, self.rng)
        d.relieve_stress(r, resolved, self.p)
        self._referred = int(np.count_nonzero(referred))
        self._resolved = int(np.count_nonzero(resolved))

    def _participation(self) -> None:
        p, r, rng = self.p, self.residents, self.rng
        taking_part = self._taking_part
        funded = self.phase != d.Phase.AFTER_FUNDING
        organisers = int(np.count_nonzero(r.state == State.ORGANISER))
        places = d.activity_places(organisers, self.at_horizon, p)
        self.supply = d.activity_supply(funded, int(taking_part.sum()), places)
        self.kept = 1.0 if funded else places / max(self.at_horizon, 1)
        thresh = m.threshold(r.endorsement, p)
        pull = m.composition_pull(
            r,
            len(self.group_names),
            p.composition_effect,
            p.gender_composition_effect,
            p.mixing_effort,
            self.population_shares,
        )
        tie_share = m.tie_share(self._ties_taking_part[0], self.degree)
        score = m.participation_score(r, self.week_contact, tie_share, pull, thresh, p)
        joins = m.decide_to_join(r, score, self.supply, rng)
        # Who hangs on the funded activities matters only when there is too little to go to.
        hangs_on = d.vulnerability(self.capacity) if self.supply < 1 else 0.0
        exits = m.decide_to_leave(r, thresh, self.week_contact, self.supply, hangs_on, p, rng)
        d.mark_key_person_exits(exits, self._key_exits)
        organises = m.become_organiser(r, self.capacity, self.funding, p, rng) & (exits < 0)
        m.apply_decisions(r, joins, exits, organises)
        m.fade_endorsement(r, p)
        self._joins, self._exits = joins, exits

    def _expectations(self) -> None:
        r, exits = self.residents, self._exits
        seen, kept, broken = d.visible_results(r, self.phase, self.supply, self.p, self.rng)
        d.update_frustration(r, seen, broken, self.p)
        d.update_trust(r, kept, d.trust_lost(broken, exits), self.p)

    def _empowerment_and_health(self) -> None:
        p, r = self.p, self.residents
        running = d.activity_intensity(self.phase, self.supply)
        d.empower(r, p)
        self._new_ties.append(d.form_ties(r, running, p, self.rng))
        if d.ties_settle(self.steps):
            self._add_ties()
        d.update_lifestyle(r, running, p)
        d.update_health(r, p)
        self.capacity = m.capacity(r)  # for next week

    def _record(self) -> None:
        self.events = self._week_events()
        week = (
            np.concatenate(self._week_contacts)
            if self._week_contacts
            else np.empty(0, dtype=np.int64)
        )
        np.add.at(self.residents.contacts, week, 1)
        self._update_metrics(week, int(np.count_nonzero(self._taking_part[week])))
        self.datacollector.collect(self)
        self.residents.release_participating()

    def _week_events(self) -> dict[str, float]:
        """This week's counts: referrals, joins, exits by cause, professionals who left."""
        # exits by cause from one count (-1, staying, counted first)
        by_cause = np.bincount(self._exits + 1, minlength=len(Exit) + 1).tolist()
        events = {
            "referrals": float(self._referred),
            "referrals_resolved": float(self._resolved),
            "joined": float(np.count_nonzero(self._joins)),
            "professionals_left": float(self._leavers),
            "exits": float(len(self._exits) - by_cause[0]),
        }
        for e, name in _EXIT_COLUMNS:
            events[name] = float(by_cause[e + 1])
        return events

    def _professionals(self):
        return self.agents_by_type.get(Professional, ())

    def _activate(self, kind: type) -> None:
        if kind in self.agents_by_type:
            self.agents_by_type[kind].shuffle_do("step")

    def _staff_turnover(self) -> int:
        """Replace the professionals who leave this week (:func:`sim.dynamics.staff_leaving`)
        by successors at the office who start with no familiarity. When the key person
        leaves, mark who hangs on them (:func:`sim.dynamics.key_person_exits`) and leave the
        post vacant until ``vacancy_weeks`` have passed. Returns how many left."""
        p = self.p
        pros = list(self._professionals())
        replaced, key = d.staff_leaving(np.array([a.tenure for a in pros]), self.steps, p, self.rng)
        self._key_exits = None
        if key >= 0:
            self._key_exits = d.key_person_exits(self.residents, p, self.rng)
            self._successor_due = self.steps + p.vacancy_weeks
        leaving = replaced | (np.arange(len(pros)) == key)
        _remove(pros, leaving)
        for _ in range(int(replaced.sum()) + (self.steps == self._successor_due)):
            Professional(self, self.grid[self.layout.office], tenure=0.0)
        return int(leaving.sum())

    def _add_ties(self) -> None:
        """Add the ties made at activities in the last weeks, and update social support."""
        ties = d.merge_ties(self.ties, self._new_ties)
        self._new_ties = []
        if ties is not self.ties:
            self.ties = ties
            self._update_network()

    def _mean_familiarity(self) -> float:
        pros = self._professionals()
        # np.mean's sum and division, without its Python layer
        return (
            float(np.add.reduce(np.array([a.familiarity for a in pros])) / len(pros))
            if pros
            else 0.0
        )

    @property
    def _sites(self) -> list[tuple[Any, np.ndarray, np.ndarray]]:
        """Old name of :attr:`vindplaatsen`, kept for code that reads it."""
        return self.vindplaatsen

    def _update_metrics(self, week: np.ndarray | None = None, to_participants: int = 0) -> None:
        week = np.empty(0, dtype=np.int64) if week is None else week
        self.metrics = compute_metrics(self, week, to_participants)


class NeighbourhoodGrid(OrthogonalMooreGrid):
    """Mesa's OrthogonalMooreGrid, connected in one pass: each cell gets the same neighbours
    under the same keys in the same order, without clearing the (empty) neighbourhood caches
    eight times per cell, which was most of the set-up of a large neighbourhood."""

    _OFFSETS = ((-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Mesa registers each grid's own cell class with pickle (copyreg) and never lets go
        # of it, nor of the property layers the class's accessors hold: some 5 kB for good
        # with every run, which a sweep's worker piles up. Let go of it with the grid.
        weakref.finalize(self, copyreg.dispatch_table.pop, self.cell_klass, None)

    def _connect_cells_2d(self) -> None:
        if self.torus:
            super()._connect_cells_2d()
            return
        cells = self._cells
        n_i, n_j = self.dimensions
        rows = [[cells[i, j] for j in range(n_j)] for i in range(n_i)]
        # Cells inside the grid have all eight neighbours: listed as they are, in the order
        # of the offsets; cells on the edge are checked one offset at a time.
        for up, here, down in zip(rows, rows[1:], rows[2:]):
            for j in range(1, n_j - 1):
                here[j].connections = {
                    (-1, -1): up[j - 1],
                    (-1, 0): up[j],
                    (-1, 1): up[j + 1],
                    (0, -1): here[j - 1],
                    (0, 1): here[j + 1],
                    (1, -1): down[j - 1],
                    (1, 0): down[j],
                    (1, 1): down[j + 1],
                }
        for (i, j), cell in cells.items():
            if 0 < i < n_i - 1 and 0 < j < n_j - 1:
                continue
            cell.connections = {
                (di, dj): cells[i + di, j + dj]
                for di, dj in self._OFFSETS
                if 0 <= i + di < n_i and 0 <= j + dj < n_j
            }
        # What connecting leaves behind in Mesa: the neighbourhood caches cleared.
        Cell.get_neighborhood.cache_clear()
        Cell._neighborhood.cache_clear()


class MetricsCollector(DataCollector):
    """Mesa's DataCollector, with one shortcut: every model reporter reads ``model.metrics``
    (floats), so a tick keeps that row as it is instead of calling and deep-copying 126
    reporters; the rows go into the columns of ``model_vars`` when something reads it. Its
    tables and API are those of the DataCollector; reporters added later, or any other kind,
    go through the DataCollector's own path."""

    def __init__(self, metrics: dict[str, float], **kwargs: Any) -> None:
        self._rows: list[dict[str, float]] = []  # ticks collected, not yet in model_vars
        reporters = {k: (lambda mdl, k=k: mdl.metrics[k]) for k in metrics}
        super().__init__(model_reporters=reporters, **kwargs)
        self._metric_reporters = dict(reporters)  # the shortcut holds while these are all

    @property
    def model_vars(self) -> dict[str, list]:
        """Each model reporter's values, one per tick (the DataCollector's attribute)."""
        if self._rows:
            rows, self._rows = self._rows, []
            names = list(self._model_vars)
            columns: Iterable[Iterable[float]]
            if len(names) > 1:  # the rows turned into columns in C, in the columns' order
                columns = zip(*map(operator.itemgetter(*names), rows))
            else:  # (itemgetter of one name gives values, not tuples)
                columns = [[row[name] for row in rows] for name in names]
            for values, column in zip(self._model_vars.values(), columns):
                values.extend(column)
        return self._model_vars

    @model_vars.setter
    def model_vars(self, value: dict[str, list]) -> None:
        self._rows = []
        self._model_vars = value

    def collect(self, model) -> None:
        if self.model_reporters != self._metric_reporters:
            super().collect(model)
            return
        self._validated = True
        self._collection_steps.append(model.time)
        self._rows.append(model.metrics)
        if self.agent_reporters:
            self._agent_records[model.time] = list(self._record_agents(model))
        if self.agenttype_reporters:
            self._agenttype_records[model.time] = {
                kind: list(self._record_agenttype(model, kind)) for kind in self.agenttype_reporters
            }


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while the set-up creates the grid's cells and
    the residents: in a large neighbourhood hundreds of thousands of small objects, none of
    them garbage, which the collector would otherwise scan again and again as they pile up
    (half the set-up time). It resumes afterwards as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _remove(agents: list, leaving) -> None:
    """Remove the agents whose entry in ``leaving`` is true."""
    for agent, leaves in zip(agents, leaving):
        if leaves:
            agent.remove()


def _signature() -> inspect.Signature:
    """The model's keyword parameters, for tools that read them (SolaraViz, batch_run, help)."""
    kw = inspect.Parameter.KEYWORD_ONLY
    params = [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    params += [
        inspect.Parameter(name, kw, default=f.default, annotation=f.annotation)
        for name, f in Parameters.model_fields.items()
    ]
    params.append(inspect.Parameter("rng", kw, default=None))
    return inspect.Signature(params)


CoCreationModel.__init__.__signature__ = _signature()  # type: ignore[attr-defined]
