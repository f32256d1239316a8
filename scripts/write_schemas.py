"""Regenerate schemas/*.json from the models: python scripts/write_schemas.py"""

from pathlib import Path

from sim.authoring.schemas import SCHEMAS, render

OUT = Path(__file__).resolve().parents[1] / "schemas"

for name, model in SCHEMAS.items():
    (OUT / name).write_text(render(model))
    print(f"wrote schemas/{name}")
