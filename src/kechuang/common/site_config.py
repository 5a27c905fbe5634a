"""The site's own settings written by `kechuang setup`: name, address and e-mail, in the data folder.

Why: a district installing kechuang answers a few questions once; the answers must
survive restarts without the office editing environment files. ``settings.py``
reads this file at start-up; an environment variable of the same setting wins.
The file is private to the service account (0600), as it may hold the mail password.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

FILE_NAME = "site.json"
# A folder of its own under the data folder, so a backup can carry it like the stored files.
FOLDER = "config"
KEYS = (
    "site_name",
    "site_url",
    "email_host",
    "email_port",
    "email_user",
    "email_password",
    "email_from",
    "email_tls",
    "email_ssl",
)


def read_site_config(data_dir: Path) -> dict[str, object]:
    """The stored answers, or an empty dict when setup has not run (or the file is unreadable)."""
    try:
        data = json.loads((Path(data_dir) / FOLDER / FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if k in KEYS} if isinstance(data, dict) else {}


def write_site_config(data_dir: Path, values: dict[str, object]) -> Path:
    """Merge ``values`` (empty ones ignored) into the stored answers; written 0600 in one step."""
    path = Path(data_dir) / FOLDER / FILE_NAME
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    merged = read_site_config(data_dir) | {
        k: v for k, v in values.items() if k in KEYS and v not in (None, "")
    }
    tmp = path.with_suffix(".tmp")
    with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as out:
        json.dump(merged, out, ensure_ascii=False, indent=2)
    tmp.replace(path)
    return path
