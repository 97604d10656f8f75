"""A model subclass that fails for some parameter values, to test how sweeps record failures."""

from sim.model import CoCreationModel


class FailingModel(CoCreationModel):
    """The real model, but it raises in week 5 when outreach is above 0.5."""

    def step(self) -> None:
        if self.steps == 5 and self.p.outreach > 0.5:
            raise RuntimeError("deliberate failure for outreach above 0.5")
        super().step()
