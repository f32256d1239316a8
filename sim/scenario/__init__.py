"""Scenarios: the typed model of a scenario file, its loader, conditions over the debtor's
variables, the linter, graph export and the catalogue of shipped scenarios."""
