"""`sim serve`: the candidate TUI in a browser for invite links, transcripts kept server-side.

A shell beside `sim.tui` and `sim.commands`: the domain core never imports it.
"""
