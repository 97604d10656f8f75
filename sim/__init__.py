"""Agent-based model of co-creation in low-SES neighbourhoods and the participation bias."""

from sim.model import CoCreationModel
from sim.parameters import ParameterError, Parameters

__all__ = ["CoCreationModel", "Parameters", "ParameterError"]
