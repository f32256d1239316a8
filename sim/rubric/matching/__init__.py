"""Language matching: what a reply does. Normalised text, phrase windows and patterns,
and the matcher that turns them into signal matches with evidence."""
