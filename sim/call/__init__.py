"""A call: the scenario's state machine and the debtor's mood (engine), the call being
played with its transcript (session), what only a live candidate adds (interactive),
practice coaching, and reading and cleaning typed replies."""
