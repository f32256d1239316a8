"""The Textual candidate and replay UI: the only package that imports textual."""
