"""The agents: residents, professionals and bekende gezichten (familiar faces).

Residents are many: they are Mesa agents for the grid, the app and inspection, but their
state lives in the model's arrays (:class:`sim.population.Residents`) and their rules run
vectorised in :mod:`sim.mechanisms` and :mod:`sim.dynamics`. Professionals and familiar faces
are few and act as ordinary agents with their own ``step``; a professional decides where to go,
among the places the model offers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from mesa.discrete_space import CellAgent

from sim import mechanisms as m
from sim.arrays import draws_without_replacement, float_sum
from sim.population import Channel, State

if TYPE_CHECKING:
    from sim.model import CoCreationModel


def _resident_value(array: str, cast: type) -> property:
    """A resident attribute that reads the model's array for this resident."""
    return property(
        lambda self: cast(getattr(self.model.residents, array)[self.index]),
        doc=f"This resident's {array} (from the model's arrays).",
    )


class Resident(CellAgent):
    """A resident at home on the grid; a view onto row ``index`` of the model's arrays."""

    female = _resident_value("female", bool)
    trust = _resident_value("trust", float)
    stress = _resident_value("stress", float)
    health = _resident_value("health", float)
    regie = _resident_value("regie", float)
    support = _resident_value("support", float)
    contacts = _resident_value("contacts", int)

    def __init__(self, model: CoCreationModel, cell, index: int) -> None:
        super().__init__(model)
        self.cell = cell
        self.index = int(index)

    @property
    def subgroup(self) -> str:
        return self.model.p.subgroups[self.model.residents.group[self.index]].name

    @property
    def state(self) -> str:
        return State(self.model.residents.state[self.index]).name.lower()

    @property
    def channel(self) -> str:
        return Channel(self.model.residents.channel[self.index]).name.lower()


class Professional(CellAgent):
    """A professional of the initiative: contact time split between desk and neighbourhood."""

    def __init__(self, model: CoCreationModel, cell, tenure: float) -> None:
        super().__init__(model)
        self.cell = cell
        self.tenure = float(tenure)  # weeks in this neighbourhood

    @property
    def familiarity(self) -> float:
        return float(m.familiarity(self.tenure, self.model.p.familiarity_weeks))

    @property
    def outreach_contacts_per_week(self) -> int:
        """Outreach share of the capacity, less what mixing costs, as far as still funded."""
        p = self.model.p
        return round(
            p.outreach
            * p.contact_capacity
            * (1 - p.mixing_effort * p.mixing_cost)
            * self.model.funding
        )

    def outreach_location(self):
        """Where this professional goes this week (M1): door to door, or a vindplaats.

        Returns the cell, the residents met there, and how often each of them is there.
        """
        model, rng, p = self.model, self.model.rng, self.model.p
        if rng.random() < p.door_to_door_share:
            x, y = model.residents.home[rng.integers(len(model.residents))].tolist()
            block = m.door_to_door_block(model.occupant, x, y, p.door_to_door_radius)
            return model.grid[(x, y)], block, np.ones(len(block))
        return model.vindplaatsen[rng.integers(len(model.vindplaatsen))]

    def step(self) -> None:
        """Spend this week's outreach contacts: part on the usual suspects (M4), the rest on
        those met out there (M1)."""
        model, rng = self.model, self.model.rng
        k = self.outreach_contacts_per_week
        suspects = m.usual_suspects(model.suspect_weights, k, model.p, rng, model.suspect_cdf)
        self.cell, candidates, weights = self.outreach_location()
        reached = m.outreach_contacts(candidates, weights, model.residents, k - len(suspects), rng)
        model.contact(np.concatenate([suspects, reached]), self.familiarity, Channel.OUTREACH)
        self.tenure += 1


class BekendGezicht(CellAgent):
    """A familiar face: a resident whom one subgroup trusts, endorsing the initiative (M3)."""

    def __init__(
        self,
        model: CoCreationModel,
        cell,
        subgroup: int,
        network: np.ndarray,
        paid: bool = False,
        female: bool = True,
    ) -> None:
        super().__init__(model)
        self.cell = cell
        self.subgroup = int(subgroup)
        self.network = network  # indices of the residents this face knows
        self.paid = bool(paid)  # a paid social worker stops when the funding does
        self.female = bool(female)

    def step(self) -> None:
        """Talk to some of the residents this face knows, the most stressed first in line.

        Familiar faces reach the most vulnerable, whom others miss (000 L2660-2662,
        L4203-4213): whom they talk to is weighted by stress, among those not yet taking part.
        """
        r, rng = self.model.residents, self.model.rng
        w = m.unreached(self.network, r.stress[self.network], r.participating)
        total = float_sum(w)
        if total <= 0:
            return
        k = min(self.model.p.bekend_gezicht_contacts, int(np.count_nonzero(w > 0)))
        talked = draws_without_replacement(self.network, k, w / total, rng)
        self.model.endorse(talked)
