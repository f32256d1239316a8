"""Reading trainers' files: YAML with the position of every value, validation against the
typed models with file:line:col diagnostics, the diagnostic catalogue, and where the
shipped and the project's own scenarios, rubrics and transcripts live."""
