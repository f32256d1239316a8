"""How long the fuzzers run: a short pass in CI; ``SIM_FUZZ=long`` (20,000 examples a
test) or ``SIM_FUZZ_EXAMPLES=N`` by hand:

    SIM_FUZZ=long .venv/bin/python -m pytest tests/fuzz -q
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

EXAMPLES = int(
    os.environ.get("SIM_FUZZ_EXAMPLES") or (20_000 if os.environ.get("SIM_FUZZ") == "long" else 60)
)

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
