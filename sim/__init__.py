"""Collections-call role-play trainer and assessor."""

__version__ = "0.1.0"
