"""Practice history: stories, takes and drill results in SQLite (issue 6).

One database file in the user data dir (``$REHEARSE_DATA_DIR`` overrides it). :class:`Store` is
the one way in: its methods are the queries. How connections are opened (WAL, read-only, locked
or damaged files) is :mod:`rehearse.practice.connections`; the schema and its migrations are
:mod:`rehearse.practice.schema`; the records and their row mapping are
:mod:`rehearse.practice.records`. Their public names are importable from here too.

Database failures never touch recordings: a corrupt or locked file raises StoreError with
the fix; audio and report files are only deleted by :meth:`Store.delete_take`, after the row
is gone.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from rehearse.errors import BadInputError, StoreError
from rehearse.paths import data_dir
from rehearse.practice.connections import open_for_reading, write_transaction
from rehearse.practice.records import (
    DeleteResult,
    DrillRecord,
    Story,
    TakeMetrics,
    TakeRecord,
    drill_from_row,
    metrics_from_report,
    now_iso,
    take_from_row,
)
from rehearse.practice.schema import LATEST_VERSION, MIGRATIONS, apply_migrations, stored_version

DB_NAME = "history.sqlite3"
BUSY_TIMEOUT_MS = 5000  # read at each connection, so a test can shorten the wait


def default_db_path() -> Path:
    return data_dir() / DB_NAME


class Store:
    """The practice history. Cheap to create; every method opens its own connection."""

    def __init__(self, path: str | Path | None = None, *, migrate: bool = True) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        self.data_dir = self.path.parent
        if migrate:
            self._ensure_schema()

    # connections ------------------------------------------------------------------------
    def _read(self) -> AbstractContextManager[sqlite3.Connection]:
        return open_for_reading(self.path, BUSY_TIMEOUT_MS)

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        return write_transaction(self.path, BUSY_TIMEOUT_MS)

    # migrations -------------------------------------------------------------------------
    def _ensure_schema(self) -> None:
        """Migrate only when the schema is behind: an up-to-date history is read without a write lock."""
        if self.path.is_file() and self.path.stat().st_size > 0 and self._stored_version() == LATEST_VERSION:
            return
        self.migrate()

    def _stored_version(self) -> int:
        with self._read() as conn:
            return stored_version(conn)

    def migrate(self, upto: int | None = None) -> int:
        """Apply missing migrations (up to ``upto``); returns the schema version."""
        with self._write() as conn:
            return apply_migrations(conn, self.path, upto)

    def schema_version(self) -> int:
        return self._stored_version()

    # stories ----------------------------------------------------------------------------
    def ensure_story(self, name: str) -> Story:
        clean = " ".join(str(name).split())
        if not clean:
            raise BadInputError("a story needs a name", "name it after what happened, e.g. 'webhook drop'")
        with self._write() as conn:
            return self._ensure_story(conn, clean)

    def _ensure_story(self, conn: sqlite3.Connection, name: str) -> Story:
        row = conn.execute("SELECT id, name, created_at FROM stories WHERE name = ?", (name,)).fetchone()
        if row is None:
            created = now_iso()
            cur = conn.execute("INSERT INTO stories (name, created_at) VALUES (?, ?)", (name, created))
            return Story(int(cur.lastrowid or 0), name, created)
        return Story(int(row["id"]), row["name"], row["created_at"])

    def stories(self) -> list[Story]:
        with self._read() as conn:
            rows = conn.execute(
                "SELECT s.id, s.name, s.created_at, COUNT(t.id) AS n FROM stories s "
                "LEFT JOIN takes t ON t.story_id = s.id GROUP BY s.id ORDER BY s.name COLLATE NOCASE"
            ).fetchall()
        return [Story(int(r["id"]), r["name"], r["created_at"], int(r["n"])) for r in rows]

    def coverage(self) -> dict[str, dict[str, int]]:
        """story name -> {lp: number of takes}; stories without takes map to {}."""
        grid: dict[str, dict[str, int]] = {s.name: {} for s in self.stories()}
        with self._read() as conn:
            rows = conn.execute(
                "SELECT s.name, t.lp, COUNT(*) AS n FROM takes t JOIN stories s ON s.id = t.story_id GROUP BY s.id, t.lp"
            ).fetchall()
        for row in rows:
            grid.setdefault(row["name"], {})[row["lp"]] = int(row["n"])
        return grid

    # takes ------------------------------------------------------------------------------
    def add_take(
        self,
        report: Mapping[str, Any],
        *,
        audio_path: str | Path | None = None,
        report_path: str | Path | None = None,
        story: str | None = None,
        question_id: str | None = None,
        question_text: str | None = None,
        origin: str = "take",
        created_at: str | None = None,
    ) -> TakeRecord:
        """Save one analysed take (its report dict is kept in the DB too, so export never needs the file)."""
        metrics = metrics_from_report(report)
        lp, level = str(report.get("lp") or ""), str(report.get("level") or "")
        if not lp or not level:
            raise BadInputError("the report has no lp or level", "save the JSON written by 'rehearse analyze'")
        created = created_at or now_iso()
        with self._write() as conn:
            story_row = self._ensure_story(conn, " ".join(story.split())) if story and story.strip() else None
            cur = conn.execute(
                "INSERT INTO takes (created_at, audio_path, report_path, report_json, story_id, lp, level, question_id,"
                " question_text, total_s, situation_s, target_min_s, target_max_s, rubric_pass, rubric_total,"
                " fillers_per_min, wpm, origin, segmentation, pace, fillers_verdict, hedges)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    created,
                    str(audio_path) if audio_path else None,
                    str(report_path) if report_path else None,
                    json.dumps(report, ensure_ascii=False),
                    story_row.id if story_row else None,
                    lp,
                    level,
                    question_id,
                    question_text,
                    metrics.total_s,
                    metrics.situation_s,
                    metrics.target_min_s,
                    metrics.target_max_s,
                    metrics.rubric_pass,
                    metrics.rubric_total,
                    metrics.fillers_per_min,
                    metrics.wpm,
                    origin,
                    report.get("segmentation"),
                    metrics.pace,
                    metrics.fillers_verdict,
                    metrics.hedges,
                ),
            )
            take_id = int(cur.lastrowid or 0)
        return TakeRecord(
            id=take_id, created_at=created, lp=lp, level=level,
            audio_path=str(audio_path) if audio_path else None,
            report_path=str(report_path) if report_path else None,
            story=story_row.name if story_row else None, question_id=question_id, question_text=question_text,
            origin=origin, segmentation=report.get("segmentation"), metrics=metrics,
        )

    _TAKE_SELECT = (
        "SELECT t.*, s.name AS story_name FROM takes t LEFT JOIN stories s ON s.id = t.story_id"
    )

    def takes(
        self, *, story: str | None = None, lp: str | None = None, level: str | None = None,
        origin: str | None = None, newest_first: bool = False,
    ) -> list[TakeRecord]:
        where, args = [], []
        if story:
            where.append("s.name = ? COLLATE NOCASE")
            args.append(" ".join(story.split()))
        if lp:
            where.append("t.lp = ?")
            args.append(lp)
        if level:
            where.append("t.level = ?")
            args.append(level)
        if origin:
            where.append("t.origin = ?")
            args.append(origin)
        sql = self._TAKE_SELECT + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY t.created_at {0}, t.id {0}".format("DESC" if newest_first else "ASC")
        with self._read() as conn:
            return [take_from_row(row) for row in conn.execute(sql, args)]

    def get_take(self, take_id: int | str) -> TakeRecord:
        with self._read() as conn:
            row = conn.execute(self._TAKE_SELECT + " WHERE t.id = ?", (_take_id(take_id),)).fetchone()
        if row is None:
            raise BadInputError(f"no take {take_id} in the history", "see 'rehearse history' for take numbers")
        return take_from_row(row)

    def report(self, take_id: int | str) -> dict[str, Any]:
        """The take's report dict: from the DB, or the JSON file if the DB copy is missing."""
        take = self.get_take(take_id)
        with self._read() as conn:
            raw = conn.execute("SELECT report_json FROM takes WHERE id = ?", (take.id,)).fetchone()[0]
        if raw:
            return json.loads(raw)
        if take.report_path and Path(take.report_path).is_file():
            return json.loads(Path(take.report_path).read_text(encoding="utf-8"))
        raise StoreError(f"take {take.id} has no saved report", "analyse its audio again with 'rehearse analyze'")

    def delete_take(self, take_id: int | str) -> DeleteResult:
        """Remove the row, then the take's audio and report. Files outside the data dir are kept."""
        take = self.get_take(take_id)
        with self._write() as conn:
            conn.execute("DELETE FROM takes WHERE id = ?", (take.id,))
        removed, kept = [], []
        for name in (take.audio_path, take.report_path):
            if not name:
                continue
            path = Path(name)
            if not _inside(path, self.data_dir):
                kept.append(str(path))
                continue
            try:
                path.unlink()
                removed.append(str(path))
            except FileNotFoundError:
                pass
            except OSError:
                kept.append(str(path))
        return DeleteResult(take.id, tuple(removed), tuple(kept))

    # drills -----------------------------------------------------------------------------
    def add_drill_result(
        self,
        drill: str,
        *,
        level: str,
        lp: str,
        passed: bool,
        time_s: float | None,
        target_min_s: float | None = None,
        target_max_s: float | None = None,
        story: str | None = None,
        take_id: int | None = None,
        details: Mapping[str, Any] | None = None,
        created_at: str | None = None,
    ) -> DrillRecord:
        created = created_at or now_iso()
        with self._write() as conn:
            story_row = self._ensure_story(conn, " ".join(story.split())) if story and story.strip() else None
            cur = conn.execute(
                "INSERT INTO drill_results (created_at, drill, level, lp, story_id, take_id, passed, time_s,"
                " target_min_s, target_max_s, details_json) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    created, drill, level, lp, story_row.id if story_row else None, take_id, int(bool(passed)),
                    time_s, target_min_s, target_max_s, json.dumps(dict(details or {}), ensure_ascii=False),
                ),
            )
            return DrillRecord(
                int(cur.lastrowid or 0), created, drill, level, lp, bool(passed), time_s, target_min_s, target_max_s,
                story_row.name if story_row else None, take_id, dict(details or {}),
            )

    def drill_results(self, drill: str | None = None, level: str | None = None) -> list[DrillRecord]:
        where, args = [], []
        if drill:
            where.append("d.drill = ?")
            args.append(drill)
        if level:
            where.append("d.level = ?")
            args.append(level)
        sql = (
            "SELECT d.*, s.name AS story_name FROM drill_results d LEFT JOIN stories s ON s.id = d.story_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY d.created_at, d.id"
        )
        with self._read() as conn:
            rows = conn.execute(sql, args).fetchall()
        return [drill_from_row(r) for r in rows]

    def best_drill_time(self, drill: str, level: str) -> float | None:
        """The fastest passing time of this drill at this level, or None before the first pass."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT MIN(time_s) FROM drill_results WHERE drill = ? AND level = ? AND passed = 1 AND time_s IS NOT NULL",
                (drill, level),
            ).fetchone()
        return None if row[0] is None else float(row[0])


def _take_id(value: int | str) -> int:
    try:
        return int(str(value).lstrip("#"))
    except ValueError:
        raise BadInputError(f"{value!r} is not a take number", "see 'rehearse history' for take numbers") from None


def _inside(path: Path, directory: Path) -> bool:
    try:
        path.resolve().relative_to(directory.resolve())
        return True
    except ValueError:
        return False


def save_take_safely(report: Mapping[str, Any], **kwargs: Any) -> tuple[TakeRecord | None, str | None]:
    """Save a take, turning a store failure into a warning: the recording is already on disk."""
    try:
        return Store().add_take(report, **kwargs), None
    except StoreError as err:
        return None, f"the take was saved as files but not in the history: {err}"


__all__: Sequence[str] = (
    "Store", "Story", "TakeRecord", "TakeMetrics", "DrillRecord", "DeleteResult", "MIGRATIONS",
    "LATEST_VERSION", "metrics_from_report", "save_take_safely", "default_db_path", "data_dir",
)
