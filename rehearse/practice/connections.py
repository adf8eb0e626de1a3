"""Opening the practice history: a read-write connection for writes, a read-only one for
everything else, and SQLite's errors turned into a StoreError that says what to do.

Why it is safe with two rehearse windows open: WAL mode lets readers run beside one writer,
every write is one ``BEGIN IMMEDIATE`` transaction, and ``busy_timeout`` makes the second
writer wait instead of failing. A connection is opened per operation, so worker threads never
share one. Reads need no write lock and change nothing, so they also work on a read-only disk.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from rehearse.errors import StoreError
from rehearse.paths import FILE_MODE, make_private_dir, unwritable


def store_error(err: sqlite3.Error, path: Path, *, writing: bool = True) -> StoreError:
    """The one-line message and fix for a failure of the database at ``path``; recordings, kept
    beside it in the data dir, are never touched by any of these."""
    text = str(err)
    if "locked" in text or "busy" in text:
        return StoreError(
            f"the practice history {path} is locked by another program",
            "close the other rehearse window (or wait for it to finish) and try again; recordings are safe",
        )
    if isinstance(err, sqlite3.DatabaseError) and (
        "not a database" in text or "malformed" in text or "corrupt" in text or "disk image" in text
    ):
        return StoreError(
            f"the practice history {path} is damaged ({text})",
            f"move it aside (mv '{path}' '{path}.bad') and restart; your recordings in "
            f"{path.parent / 'takes'} are untouched",
        )
    if writing and ("readonly" in text or "unable to open" in text):
        return StoreError(
            f"cannot write the practice history {path}: it is read-only ({text})",
            "nothing was saved; make it and its directory writable, or set REHEARSE_DATA_DIR to a "
            "writable directory; reading the history still works",
        )
    return StoreError(
        f"the practice history {path} cannot be used ({text})",
        "check the disk and the file's permissions; recordings are safe",
    )


@contextmanager
def open_for_writing(path: Path, busy_timeout_ms: int) -> Iterator[sqlite3.Connection]:
    """A read-write connection (the file is created private on first use, WAL mode): for writes only."""
    make_private_dir(path.parent)
    try:
        if not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE))
        conn = sqlite3.connect(path, timeout=busy_timeout_ms / 1000, isolation_level=None)
    except OSError as err:
        raise unwritable(path.parent, err) from err
    except sqlite3.Error as err:
        raise store_error(err, path) from err
    try:
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
        conn.execute("PRAGMA foreign_keys = ON")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":  # e.g. a read-only directory
            raise StoreError(f"cannot switch {path} to WAL mode", "check the data directory's permissions")
        yield conn
    except sqlite3.Error as err:
        raise store_error(err, path) from err
    finally:
        conn.close()


@contextmanager
def write_transaction(path: Path, busy_timeout_ms: int) -> Iterator[sqlite3.Connection]:
    """One IMMEDIATE transaction: a second instance waits (busy_timeout) rather than interleaving."""
    with open_for_writing(path, busy_timeout_ms) as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


@contextmanager
def open_for_reading(path: Path, busy_timeout_ms: int) -> Iterator[sqlite3.Connection]:
    """A read-only connection: it creates nothing, changes no mode and needs no write lock, so
    'history' and 'export' work on a read-only disk or while another rehearse is writing."""
    if not path.is_file():
        raise StoreError(f"there is no practice history at {path}", "record a take first; it is created then")
    uri = "file:" + quote(str(path.resolve())) + "?mode=ro"
    try:
        try:
            conn = sqlite3.connect(uri, uri=True, timeout=busy_timeout_ms / 1000, isolation_level=None)
            conn.execute("SELECT 1 FROM sqlite_master LIMIT 1")
        except sqlite3.OperationalError:
            if os.access(path.parent, os.W_OK):
                raise
            # A WAL database in a read-only directory cannot get its -shm file; nobody can
            # write there either, so reading it as immutable is safe.
            conn = sqlite3.connect(uri + "&immutable=1", uri=True, isolation_level=None)
    except sqlite3.Error as err:
        raise store_error(err, path, writing=False) from err
    try:
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
        yield conn
    except sqlite3.Error as err:
        raise store_error(err, path, writing=False) from err
    finally:
        conn.close()
