"""The scenarios a command may offer: from the cached catalogue while nothing it depends on
has changed, else checked through the gate (light to import: the gate loads only then)."""

from __future__ import annotations

from sim.scenario.listing import Catalog, cached_catalog


def offered(rubric: str | None = None) -> Catalog:
    """The catalogue checked against ``rubric`` (None: each scenario's own)."""

    def check() -> Catalog:
        from sim.authoring.gate import catalog

        return catalog(rubric)

    return cached_catalog(rubric, check)
