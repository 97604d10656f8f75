"""The residents' traits and state, held as NumPy arrays (one entry per resident).

Residents are also Mesa agents (:class:`sim.agents.Resident`), but their per-tick state lives
here so that the rules in :mod:`sim.mechanisms` can run over everybody at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

import numpy as np

from sim.arrays import compiled
from sim.parameters import Parameters, Trait


class State(IntEnum):
    """Where a resident stands with the initiative."""

    UNAWARE = 0
    AWARE = 1
    PARTICIPANT = 2
    ORGANISER = 3
    DROPPED_OUT = 4


class Channel(IntEnum):
    """How a resident first heard of the initiative (0 = not yet)."""

    NONE = 0
    PASSIVE = 1  # flyers, letters, website, social media
    DESK = 2  # came to the office on their own
    OUTREACH = 3  # a professional at a vindplaats or at the door
    BEKEND_GEZICHT = 4  # a familiar face
    WORD_OF_MOUTH = 5  # a participating tie
    RESIDENTS_ORGANISATION = 6  # an existing residents' organisation


CHANNEL_NAMES = {c: c.name.lower() for c in Channel if c is not Channel.NONE}


class Exit(IntEnum):
    """Why a participant stopped."""

    STRESS = 0  # taking part was one more stressor (M2)
    FRUSTRATION = 1  # expectations unmet, no feedback (M6)
    NO_ACTIVITY = 2  # nothing left to go to after the funding stopped (M9)
    KEY_PERSON = 3  # came through the professionals, and the key professional left (M9)


EXIT_NAMES = {e: e.name.lower() for e in Exit}


@dataclass
class Residents:
    """Static traits and dynamic state of all residents."""

    group: np.ndarray  # subgroup index
    low_ses: np.ndarray  # bool, from the subgroup
    female: np.ndarray  # bool
    ses: np.ndarray
    language: np.ndarray  # proficiency in Dutch / the local language
    literacy: np.ndarray  # (health) literacy
    children_at_school: np.ndarray  # bool
    stress: np.ndarray
    trust: np.ndarray  # trust in institutions
    health: np.ndarray
    home: np.ndarray = field(init=False)  # (n, 2) grid position
    # dynamic
    state: np.ndarray = field(init=False)
    channel: np.ndarray = field(init=False)
    endorsement: np.ndarray = field(init=False)  # familiar face's endorsement, fades
    contacts: np.ndarray = field(init=False)  # professional contacts received so far
    weeks_in: np.ndarray = field(init=False)  # weeks participated so far
    ever_participated: np.ndarray = field(init=False)
    frustration: np.ndarray = field(init=False)  # unmet expectations; at 1 they stop (M6)
    regie: np.ndarray = field(init=False)  # eigen regie, sense of control (M8)
    support: np.ndarray = field(init=False)  # social support, from one's ties (M8)
    lifestyle: np.ndarray = field(init=False)  # lifestyle improvement, fades (M8)
    start: dict = field(init=False)  # starting stress, health, regie, support
    # `participating` held fixed for a week of the model (see hold_participating)
    _held: np.ndarray | None = field(init=False, default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        n = len(self.group)
        self.state = np.zeros(n, dtype=np.int8)
        self.channel = np.zeros(n, dtype=np.int8)
        self.endorsement = np.zeros(n)
        self.contacts = np.zeros(n, dtype=np.int32)
        self.weeks_in = np.zeros(n, dtype=np.int32)
        self.ever_participated = np.zeros(n, dtype=bool)
        self.frustration = np.zeros(n)
        self.lifestyle = np.zeros(n)

    def set_start(self, regie: np.ndarray, support: np.ndarray) -> None:
        """Record the starting levels that long-run change is measured against."""
        self.regie, self.support = regie.copy(), support.copy()
        self.start = {
            "stress": self.stress.copy(),
            "health": self.health.copy(),
            "trust": self.trust.copy(),
            "regie": regie.copy(),
            "support": support.copy(),
        }

    def __len__(self) -> int:
        return len(self.group)

    @property
    def cell(self) -> np.ndarray:
        """Each resident's (subgroup, gender) pair as one index, ``2 * subgroup + female``:
        what composition (M5) and the outputs by subgroup and gender count by."""
        return self.group * 2 + self.female

    @property
    def aware(self) -> np.ndarray:
        """Reached by the initiative at some point (every state but unaware)."""
        return self.state != State.UNAWARE

    @property
    def participating(self) -> np.ndarray:
        """Taking part now, as participant or organiser (not to be changed in place)."""
        if self._held is not None:
            return self._held
        return _taking_part(self.state, int(State.PARTICIPANT), int(State.ORGANISER))

    def inform(self, who: np.ndarray, channel: int) -> int:
        """Make the residents ``who`` (repeats allowed) aware of the initiative, recording
        ``channel`` for those who were unaware; returns how many of them were."""
        return _inform(
            self.state, self.channel, who, int(channel), int(State.UNAWARE), int(State.AWARE)
        )

    def hold_participating(self) -> None:
        """Compute :attr:`participating` once and return that array until
        :meth:`release_participating`: the model holds it for a week, in which only
        :func:`sim.mechanisms.apply_decisions` changes who takes part (and calls
        :meth:`refresh_participating`)."""
        self._held = None
        self._held = self.participating

    def refresh_participating(self) -> None:
        """After a change of who takes part: recompute a held :attr:`participating`."""
        if self._held is not None:
            self.hold_participating()

    def release_participating(self) -> None:
        """Compute :attr:`participating` from the states again at every use."""
        self._held = None


@compiled
def _taking_part(state, participant, organiser):
    return (state == participant) | (state == organiser)


@compiled
def _inform(state, channel, who, new_channel, unaware, aware):
    new = 0
    for i in who:
        if state[i] == unaware:
            state[i] = aware
            channel[i] = new_channel
            new += 1
    return new


def _beta(trait: Trait, size: int, rng: np.random.Generator) -> np.ndarray:
    """Beta draws with the trait's mean and sd (method of moments)."""
    k = trait.mean * (1 - trait.mean) / trait.sd**2 - 1
    return rng.beta(trait.mean * k, (1 - trait.mean) * k, size)


def draw_residents(params: Parameters, rng: np.random.Generator) -> Residents:
    """Draw every resident's traits from their subgroup's distributions.

    Group sizes are the shares times ``n_residents``, rounded by largest remainder so that
    they add up exactly.
    """
    shares = np.array([g.share for g in params.subgroups])
    raw = shares * params.n_residents
    sizes = np.floor(raw).astype(int)
    sizes[np.argsort(raw - sizes)[::-1][: params.n_residents - sizes.sum()]] += 1
    group = np.repeat(np.arange(len(sizes)), sizes)

    def per_group(draw) -> np.ndarray:
        return np.concatenate([draw(g, s) for g, s in zip(params.subgroups, sizes)])

    def trait(name: str) -> np.ndarray:
        return per_group(lambda g, s: _beta(getattr(g, name), s, rng))

    return Residents(
        group=group,
        low_ses=per_group(lambda g, s: np.full(s, g.low_ses)),
        female=per_group(lambda g, s: rng.random(s) < g.female),
        ses=trait("ses"),
        language=trait("language"),
        literacy=trait("literacy"),
        children_at_school=per_group(lambda g, s: rng.random(s) < g.children_at_school),
        stress=trait("stress"),
        trust=trait("trust"),
        health=trait("health"),
    )
