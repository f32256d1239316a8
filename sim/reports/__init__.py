"""What is made from records: a call's report and its text form, comparing two calls,
re-scoring a folder, and cohort reports (table, CSV, JSON, HTML)."""
