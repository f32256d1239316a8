"""The domain core must not need the UI: import it with textual made unimportable."""

import subprocess
import sys

CODE = """
import sys
sys.modules['textual'] = None  # any 'import textual' now fails
import sim.scenario.loader, sim.rubric.assess, sim.engine, sim.transcript, sim.report, sim.session
print('ok')
"""


def test_core_imports_without_textual():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_cli_help_does_not_import_textual():
    code = "import sys; from sim.cli import _parser; _parser(); print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False"


def test_import_linter_contract_is_kept():
    from pathlib import Path

    lint = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run(
        [str(lint)], capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2]
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "1 kept, 0 broken" in out.stdout
