"""Backups of what users and staff created (guides, clinics), taken while the site runs.

SQLite: the online backup API copies a consistent snapshot without stopping the site.
PostgreSQL: `pg_dump` in its custom format, restored with `pg_restore --clean`. Nothing from
the database is written to any log; the backup file holds health data: keep it encrypted.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection


def _pg_env() -> tuple[list[str], dict]:
    s = connection.settings_dict
    args = ["-h", s["HOST"] or "127.0.0.1", "-p", str(s["PORT"] or 5432), "-U", s["USER"], "-d", s["NAME"]]
    return args, {**os.environ, "PGPASSWORD": s["PASSWORD"] or ""}


def _pg_tool(name: str) -> str:
    """Debian puts the server's own client tools under /usr/lib/postgresql/<version>/bin."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    for folder in reversed(versions):
        if (folder / name).exists():
            return str(folder / name)
    return shutil.which(name) or name


def backup_to(path: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
    elif connection.vendor == "postgresql":
        args, env = _pg_env()
        # The arguments are our own settings and a path the operator gave: no user input.
        subprocess.run([_pg_tool("pg_dump"), "-Fc", "-f", str(path), *args], env=env, check=True)  # noqa: S603
    else:
        raise NotImplementedError(connection.vendor)


def restore_from(path: Path) -> None:
    """Replace the database's contents with the backup's."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(path) as source:
            source.backup(connection.connection)
    elif connection.vendor == "postgresql":
        connection.close()  # pg_restore drops and recreates tables: no session of ours may hold them
        args, env = _pg_env()
        restore = [_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", *args, str(path)]
        subprocess.run(restore, env=env, check=True)  # noqa: S603 (our settings and the operator's path)
    else:
        raise NotImplementedError(connection.vendor)
