"""The practice history's SQLite schema and its migrations.

The schema only grows: migration 1 is the first schema, later migrations are additive, and
``schema_migrations`` records which ones ran. A database from an older rehearse opens and is
upgraded in place; one from a newer rehearse is refused rather than guessed at.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from rehearse.errors import StoreError
from rehearse.practice.records import now_iso

# Numbered migrations. Never edit a released one; append a new number instead.
MIGRATIONS: dict[int, str] = {
    1: """
        CREATE TABLE stories (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            created_at TEXT NOT NULL
        );
        CREATE TABLE takes (
            id INTEGER PRIMARY KEY,
            created_at TEXT NOT NULL,
            audio_path TEXT,
            report_path TEXT,
            report_json TEXT,
            story_id INTEGER REFERENCES stories(id) ON DELETE SET NULL,
            lp TEXT NOT NULL,
            level TEXT NOT NULL,
            question_id TEXT,
            question_text TEXT,
            total_s REAL,
            situation_s REAL,
            target_min_s REAL,
            target_max_s REAL,
            rubric_pass INTEGER,
            rubric_total INTEGER,
            fillers_per_min REAL,
            wpm REAL
        );
        CREATE TABLE drill_results (
            id INTEGER PRIMARY KEY,
            created_at TEXT NOT NULL,
            drill TEXT NOT NULL,
            level TEXT NOT NULL,
            lp TEXT NOT NULL,
            story_id INTEGER REFERENCES stories(id) ON DELETE SET NULL,
            take_id INTEGER REFERENCES takes(id) ON DELETE SET NULL,
            passed INTEGER NOT NULL,
            time_s REAL,
            target_min_s REAL,
            target_max_s REAL,
            details_json TEXT
        );
    """,
    2: """
        ALTER TABLE takes ADD COLUMN origin TEXT NOT NULL DEFAULT 'take';
        ALTER TABLE takes ADD COLUMN segmentation TEXT;
        CREATE INDEX takes_by_story ON takes(story_id, lp, level);
        CREATE INDEX drills_by_name ON drill_results(drill, level, passed);
    """,
    # Delivery coaching (issue 13): the verdicts beside the wpm and fillers/min already kept.
    3: """
        ALTER TABLE takes ADD COLUMN pace TEXT;
        ALTER TABLE takes ADD COLUMN fillers_verdict TEXT;
        ALTER TABLE takes ADD COLUMN hedges INTEGER;
    """,
}
LATEST_VERSION = max(MIGRATIONS)


def stored_version(conn: sqlite3.Connection) -> int:
    """The newest migration applied to this database (0 for a new, empty one)."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations'").fetchone() is None:
        return 0
    row = conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
    return int(row[0] or 0)


def apply_migrations(conn: sqlite3.Connection, path: Path, upto: int | None = None) -> int:
    """Apply the missing migrations (up to ``upto``) inside the caller's write transaction;
    returns the schema version. ``path`` only names the database in the error for a newer one."""
    target = LATEST_VERSION if upto is None else upto
    conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
    newer = [v for v in done if v > LATEST_VERSION]
    if newer:
        raise StoreError(
            f"the practice history {path} was written by a newer rehearse (schema {max(newer)})",
            "upgrade rehearse to open it",
        )
    for version in sorted(MIGRATIONS):
        if version > target or version in done:
            continue
        for statement in _statements(MIGRATIONS[version]):
            conn.execute(statement)
        conn.execute("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)", (version, now_iso()))
    return max(done | {v for v in MIGRATIONS if v <= target}, default=0)


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]
