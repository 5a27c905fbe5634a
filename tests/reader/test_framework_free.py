"""The reader imports no Django, and no rule names a district or park."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

READER = Path(__file__).resolve().parents[2] / "src" / "kechuang" / "reader"


def test_reader_and_extract_command_import_without_django():
    code = (
        "import sys; import kechuang.reader, kechuang.reader.catalog, kechuang.cli.extract; "
        "bad = [m for m in sys.modules if m == 'django' or m.startswith('django.') or m.startswith('ninja')]; "
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    src = str(READER.parents[1])
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={"PYTHONPATH": src}
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_no_rule_names_a_place():
    for path in READER.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        # Escaped so that this guard is not itself flagged as naming a district.
        for word in ("\u91d1\u5c71", "\u677e\u6c5f", "\u5b9d\u5c71", "\u5f20\u6c5f"):
            assert word not in text, f"{path.name} names {word}"
