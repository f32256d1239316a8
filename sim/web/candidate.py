"""The process behind one browser call: the candidate app, limited to the invited scenario.

`sim serve` starts ``python -m sim.web.candidate`` per call with Textual's web driver and
the invite in ``SIM_WEB_CALL`` (JSON: scenario, candidate, mode, transcripts, rubric). The
catalogue holds only the invited scenario, so the result screen offers no other call;
the transcript is written to the server's folder, signed with SIM_TRANSCRIPT_KEY.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from sim.rubric.loader import load_rubric
from sim.scenario.catalog import ScenarioSummary
from sim.scenario.loader import find_scenario


def main() -> int:
    call = json.loads(os.environ["SIM_WEB_CALL"])
    scenario, path = find_scenario(call["scenario"])
    summary = ScenarioSummary.of(scenario, path)

    from sim.tui.app import PlayApp, PlayConfig

    config = PlayConfig(
        rubric=load_rubric(call.get("rubric", "default")),
        catalog=[summary],
        preselected=(scenario, path),
        mode=call["mode"],
        candidate=call["candidate"],
        seed=int(call.get("seed", 0)),
        transcripts=Path(call["transcripts"]),
    )
    app = PlayApp(config)
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    raise SystemExit(main())
