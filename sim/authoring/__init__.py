"""The trainer's toolkit: validate, test plans, random-walk exploration, scaffolding a new
scenario, and the JSON Schemas published for editors."""
