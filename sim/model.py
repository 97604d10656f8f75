"""The neighbourhood co-creation model.

One tick is one week. Each week professionals split their contact time between the desk and
the neighbourhood (M1, with tunnelvisie M4), familiar faces endorse the initiative in the
groups they are known in (M3), flyers and word of mouth inform others (M1, M5), and aware
residents decide through one participation function whether to join (M2, M5); participants
may stop or start organising. The rules are in :mod:`sim.mechanisms`.
"""

from __future__ import annotations

import inspect
from typing import Any

import mesa
import numpy as np
from mesa.datacollection import DataCollector
from mesa.discrete_space import OrthogonalMooreGrid

from sim import mechanisms as m
from sim.agents import BekendGezicht, Professional, Resident
from sim.metrics import compute_metrics
from sim.neighbourhood import (VINDPLAATS_KINDS, make_layout, make_ties, nearest_site,
                               place_residents)
from sim.parameters import Parameters, ParameterError, validate_parameters
from sim.population import Channel, Residents, State, draw_residents

#: Weeks of tenure of the professionals at the start: drawn uniformly up to this (assumption).
MAX_INITIAL_TENURE = 104


def visit_frequency(r: Residents) -> dict[str, np.ndarray]:
    """How often each resident comes to each kind of vindplaats (relative, per week).

    Parents come to school five times a week, mostly mothers (000 L3344, L3719-3722); people
    in poorer health see the GP more; everybody goes to the market (000 L4055-4060); the
    library draws the literate. The sizes are assumptions.
    """
    n = len(r)
    return {
        "school": r.children_at_school * np.where(r.female, 1.0, 0.4),
        "community_centre": np.full(n, 0.3),
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
                raise ParameterError(f"seed {rng!r} is not a whole number") from None
        self.p: Parameters = validate_parameters(**params)
        super().__init__(rng=rng)
        p = self.p
        self.group_names = [g.name for g in p.subgroups]

        # Neighbourhood and population.
        self.layout = make_layout(p)
        self.grid = OrthogonalMooreGrid((self.layout.width, self.layout.height),
                                        torus=False, random=self.random)
        r = self.residents = draw_residents(p, self.rng)
        r.home = place_residents(r.group, self.layout, p.spatial_clustering, self.rng)
        self.ties = make_ties(r.home, r.group, r.female, self.layout.width, p, self.rng)
        degree = np.asarray(self.ties.sum(axis=1)).ravel()
        self.degree = np.maximum(degree, 1)
        self.network = np.minimum(degree / (2 * p.mean_ties), 1.0)
        self.occupant = np.full((self.layout.width, self.layout.height), -1, dtype=np.int64)
        self.occupant[r.home[:, 0], r.home[:, 1]] = np.arange(len(r))
        self._sites = self._vindplaats_catchments(r)
        self.capacity = m.capacity(r, self.network)

        # Agents.
        cells = [self.grid[tuple(xy)] for xy in r.home]
        Resident.create_agents(self, len(r), cell=cells, index=np.arange(len(r)))
        office = self.grid[self.layout.office]
        tenure = self.rng.uniform(0, MAX_INITIAL_TENURE, p.n_professionals)
        Professional.create_agents(self, p.n_professionals, cell=office, tenure=tenure)
        self._create_bekende_gezichten()

        # Weekly bookkeeping.
        self.week_contact = np.zeros(len(r))  # strongest personal contact this week
        self._week_contacts: list[np.ndarray] = []
        self._new_aware: dict[int, int] = {}
        self.metrics: dict[str, float] = {}
        self._update_metrics()
        self.datacollector = DataCollector(
            model_reporters={k: (lambda mdl, k=k: mdl.metrics[k]) for k in self.metrics},
            agenttype_reporters=({Resident: {"state": "state", "contacts": "contacts"}}
                                 if p.collect_agents else None),
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

    def _create_bekende_gezichten(self) -> None:
        """Familiar faces, one per covered subgroup in turn, each knowing nearby members."""
        p, r = self.p, self.residents
        cover = [self.group_names.index(name) for name in p.bekende_gezichten_cover]
        for i in range(p.n_bekende_gezichten if cover else 0):
            g = cover[i % len(cover)]
            members = np.flatnonzero(r.group == g)
            home = r.home[self.rng.choice(members)]
            dist = np.abs(r.home[members] - home).max(axis=1) + self.rng.random(len(members))
            known = members[np.argsort(dist)[: p.bekend_gezicht_reach]]
            BekendGezicht(self, self.grid[tuple(home)], g, known)

    # --- actions the agents call ----------------------------------------------------------

    def inform(self, who: np.ndarray, channel: Channel) -> None:
        """Make residents aware of the initiative, recording the channel for those new to it."""
        r = self.residents
        new = who[r.state[who] == State.UNAWARE]
        if len(new):
            new = np.unique(new)
            r.state[new] = State.AWARE
            r.channel[new] = channel
            self._new_aware[channel] = self._new_aware.get(channel, 0) + len(new)

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

    def outreach_location(self, rng: np.random.Generator):
        """Where a professional goes this week: door to door, or a vindplaats.

        Returns the cell, the residents met there, and how often each of them is there.
        """
        if rng.random() < self.p.door_to_door_share:
            x, y = self.residents.home[rng.integers(len(self.residents))]
            block = self.occupant[max(x - 3, 0):x + 4, max(y - 3, 0):y + 4].ravel()
            block = block[block >= 0]
            return self.grid[(int(x), int(y))], block, np.ones(len(block))
        return self._sites[rng.integers(len(self._sites))]

    # --- the week -------------------------------------------------------------------------

    def step(self) -> None:
        """One week of the initiative."""
        p, r, rng = self.p, self.residents, self.rng
        self.week_contact[:] = 0
        self._week_contacts = []
        self._new_aware = {}
        taking_part = r.participating

        # Who hears of it.
        self._activate(Professional)
        desk_slots = round(p.n_professionals * (1 - p.outreach) * p.contact_capacity)
        visitors = m.desk_visits(self.capacity, p.desk_visit_rate, desk_slots, rng)
        self.contact(visitors, self._mean_familiarity(), Channel.DESK)
        self._activate(BekendGezicht)
        self.inform(np.flatnonzero(m.passive_channel(r, p.passive_reach, rng)), Channel.PASSIVE)
        self.inform(np.flatnonzero(m.word_of_mouth(r, self.ties, p.word_of_mouth, rng)),
                    Channel.WORD_OF_MOUTH)

        # Who joins, stays, stops or starts organising (decided on the same snapshot).
        thresh = m.threshold(p.laagdrempeligheid, p.max_threshold_relief, r.endorsement,
                             p.bekend_gezicht_relief)
        tie_share = (self.ties @ r.participating.astype(np.float32)) / self.degree
        pull = m.composition_pull(r, len(self.group_names), p.composition_effect,
                                  p.gender_composition_effect, p.mixing_effort)
        score = m.participation_score(r, self.week_contact, tie_share, pull, thresh, p)
        joins = m.decide_to_join(r, score, rng)
        leaves = m.decide_to_leave(r, thresh, self.week_contact, p, rng)
        organises = m.become_organiser(r, self.capacity, p, rng)
        r.state[joins] = State.PARTICIPANT
        r.state[leaves] = State.DROPPED_OUT
        r.state[organises & ~leaves] = State.ORGANISER
        r.ever_participated |= joins
        r.weeks_in += r.participating
        r.endorsement *= 1 - p.endorsement_decay

        week = (np.concatenate(self._week_contacts) if self._week_contacts
                else np.empty(0, dtype=np.int64))
        np.add.at(r.contacts, week, 1)
        self._update_metrics(week, int(taking_part[week].sum()))
        self.datacollector.collect(self)

    def _activate(self, kind: type) -> None:
        if kind in self.agents_by_type:
            self.agents_by_type[kind].shuffle_do("step")

    def _mean_familiarity(self) -> float:
        pros = self.agents_by_type.get(Professional)
        return float(np.mean([a.familiarity for a in pros])) if pros else 0.0

    def _update_metrics(self, week: np.ndarray | None = None, to_participants: int = 0) -> None:
        week = np.empty(0, dtype=np.int64) if week is None else week
        self.metrics = compute_metrics(self.residents, self.group_names, week, to_participants,
                                       self._new_aware)


def _signature() -> inspect.Signature:
    """The model's keyword parameters, for tools that read them (SolaraViz, batch_run, help)."""
    kw = inspect.Parameter.KEYWORD_ONLY
    params = [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    params += [inspect.Parameter(name, kw, default=f.default, annotation=f.annotation)
               for name, f in Parameters.model_fields.items()]
    params.append(inspect.Parameter("rng", kw, default=None))
    return inspect.Signature(params)


CoCreationModel.__init__.__signature__ = _signature()
