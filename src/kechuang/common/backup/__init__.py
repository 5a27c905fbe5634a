"""Backup and restore of one kechuang installation: the database and every stored file in one archive.

``archive.create_backup`` writes it, ``archive.restore_backup`` checks all of it before touching
anything and then restores it; ``scheduled.daily_backup`` is the `kechuang run-scheduled` job.
Why engine-native dumps and what is left out (the secret key, the chart cache): docs/backup.md.
"""

from __future__ import annotations


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why in Chinese, for the command line."""
