"""The domain core must not need the UI: import every core module with textual made
unimportable, and keep the import-linter contracts (the layers of the README)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORE = ("sources", "scenario", "rubric", "call", "records", "reports", "authoring")


def core_modules() -> list[str]:
    found = []
    for package in CORE:
        for path in sorted((ROOT / "sim" / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


def test_every_core_module_imports_without_textual():
    modules = core_modules()
    assert len(modules) > 30  # the walk found the packages
    code = "import sys, importlib\nsys.modules['textual'] = None\n"
    code += "".join(f"importlib.import_module({m!r})\n" for m in modules)
    code += "print('ok')"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_cli_help_does_not_import_textual():
    code = (
        "import sys; from sim.commands.parser import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print('textual' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip().splitlines()[-1] == "False"


def test_import_linter_contracts_are_kept(tmp_path):
    lint = Path(sys.executable).with_name("lint-imports")
    config = str(ROOT / "pyproject.toml")
    out = subprocess.run(
        [str(lint), "--config", config, "--no-cache"], capture_output=True, text=True, cwd=tmp_path
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "2 kept, 0 broken" in out.stdout
