"""Practice history: stories, takes and drill results in SQLite (issue 6).

One database file in the user data dir (``$REHEARSE_DATA_DIR`` overrides it). Why it is
safe with two rehearse windows open: WAL mode lets readers run beside one writer, every
write is one ``BEGIN IMMEDIATE`` transaction, and ``busy_timeout`` makes the second writer
wait instead of failing. Every connection is opened per operation, so worker threads never
share one.

The schema only grows: migration 1 is the first schema, later migrations are additive, and
``schema_migrations`` records which ones ran. A database from an older rehearse opens and is
upgraded in place.

Database failures never touch recordings: a corrupt or locked file raises StoreError with
the fix; audio and report files are only deleted by :meth:`Store.delete_take`, after the row
is gone.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote

from rehearse.errors import BadInputError, StoreError
from rehearse.paths import FILE_MODE, data_dir, make_private_dir, unwritable

DB_NAME = "history.sqlite3"
BUSY_TIMEOUT_MS = 5000

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


# -- records ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Story:
    id: int
    name: str
    created_at: str
    take_count: int = 0


@dataclass(frozen=True)
class TakeMetrics:
    """The per-take numbers the trend charts plot (from the report's JSON contract)."""

    total_s: float | None = None
    situation_s: float | None = None
    target_min_s: float | None = None
    target_max_s: float | None = None
    rubric_pass: int | None = None
    rubric_total: int | None = None
    fillers_per_min: float | None = None
    wpm: float | None = None
    pace: str | None = None  # too_fast, too_slow, ok (None before delivery coaching)
    fillers_verdict: str | None = None  # too_many, ok
    hedges: int | None = None


@dataclass(frozen=True)
class TakeRecord:
    id: int
    created_at: str
    lp: str
    level: str
    audio_path: str | None = None
    report_path: str | None = None
    story: str | None = None
    question_id: str | None = None
    question_text: str | None = None
    origin: str = "take"
    segmentation: str | None = None
    metrics: TakeMetrics = field(default_factory=TakeMetrics)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "created_at": self.created_at,
            "story": self.story,
            "lp": self.lp,
            "level": self.level,
            "question_id": self.question_id,
            "question_text": self.question_text,
            "origin": self.origin,
            "segmentation": self.segmentation,
            "audio_path": self.audio_path,
            "report_path": self.report_path,
            **{k: getattr(self.metrics, k) for k in TakeMetrics.__dataclass_fields__},
        }


@dataclass(frozen=True)
class DrillRecord:
    id: int
    created_at: str
    drill: str
    level: str
    lp: str
    passed: bool
    time_s: float | None
    target_min_s: float | None = None
    target_max_s: float | None = None
    story: str | None = None
    take_id: int | None = None
    details: dict = field(default_factory=dict)


@dataclass(frozen=True)
class DeleteResult:
    take_id: int
    removed: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()  # files outside rehearse's data dir are the user's: never deleted


def metrics_from_report(data: Mapping[str, Any]) -> TakeMetrics:
    """Trend numbers from a report dict (``rehearse.analysis.report.report_to_dict``)."""
    timing = data.get("timing") or {}
    delivery = data.get("delivery") or {}
    rubric = data.get("rubric") or {}
    verdicts = [v.get("verdict") for v in rubric.values() if isinstance(v, Mapping)]
    scored = [v for v in verdicts if v in ("pass", "fail")]
    return TakeMetrics(
        total_s=_num(timing.get("total_s")),
        situation_s=_num(timing.get("situation_s")),
        target_min_s=_num(timing.get("target_min_s")),
        target_max_s=_num(timing.get("target_max_s")),
        rubric_pass=sum(v == "pass" for v in scored) if scored else None,
        rubric_total=len(scored) if scored else None,
        fillers_per_min=_num(delivery.get("fillers_per_min")),
        wpm=_num(delivery.get("wpm")),
        pace=(delivery.get("pace") or {}).get("verdict"),
        fillers_verdict=(delivery.get("filler_rate") or {}).get("verdict"),
        hedges=len(delivery["hedges"]) if isinstance(delivery.get("hedges"), list) else None,
    )


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def now_iso() -> str:
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")


# -- locations -------------------------------------------------------------------------------


def default_db_path() -> Path:
    return data_dir() / DB_NAME


# -- the store -------------------------------------------------------------------------------


class Store:
    """The practice history. Cheap to create; every method opens its own connection."""

    def __init__(self, path: str | Path | None = None, *, migrate: bool = True) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        self.data_dir = self.path.parent
        if migrate:
            self._ensure_schema()

    # connections ------------------------------------------------------------------------
    def _fail(self, err: sqlite3.Error, writing: bool = True) -> StoreError:
        text = str(err)
        if "locked" in text or "busy" in text:
            return StoreError(
                f"the practice history {self.path} is locked by another program",
                "close the other rehearse window (or wait for it to finish) and try again; recordings are safe",
            )
        if isinstance(err, sqlite3.DatabaseError) and (
            "not a database" in text or "malformed" in text or "corrupt" in text or "disk image" in text
        ):
            return StoreError(
                f"the practice history {self.path} is damaged ({text})",
                f"move it aside (mv '{self.path}' '{self.path}.bad') and restart; your recordings in "
                f"{self.data_dir / 'takes'} are untouched",
            )
        if writing and ("readonly" in text or "unable to open" in text):
            return StoreError(
                f"cannot write the practice history {self.path}: it is read-only ({text})",
                "nothing was saved; make it and its directory writable, or set REHEARSE_DATA_DIR to a "
                "writable directory; reading the history still works",
            )
        return StoreError(
            f"the practice history {self.path} cannot be used ({text})",
            "check the disk and the file's permissions; recordings are safe",
        )

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A read-write connection (created on first use, WAL mode): for writes only."""
        make_private_dir(self.path.parent)
        try:
            if not self.path.exists():
                os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, FILE_MODE))
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except OSError as err:
            raise unwritable(self.path.parent, err) from err
        except sqlite3.Error as err:
            raise self._fail(err) from err
        try:
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":  # e.g. a read-only directory
                raise StoreError(f"cannot switch {self.path} to WAL mode", "check the data directory's permissions")
            yield conn
        except sqlite3.Error as err:
            raise self._fail(err) from err
        finally:
            conn.close()

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A read-only connection: it creates nothing, changes no mode and needs no write lock, so
        'history' and 'export' work on a read-only disk or while another rehearse is writing."""
        if not self.path.is_file():
            raise StoreError(f"there is no practice history at {self.path}", "record a take first; it is created then")
        uri = "file:" + quote(str(self.path.resolve())) + "?mode=ro"
        try:
            try:
                conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
                conn.execute("SELECT 1 FROM sqlite_master LIMIT 1")
            except sqlite3.OperationalError:
                if os.access(self.path.parent, os.W_OK):
                    raise
                # A WAL database in a read-only directory cannot get its -shm file; nobody can
                # write there either, so reading it as immutable is safe.
                conn = sqlite3.connect(uri + "&immutable=1", uri=True, isolation_level=None)
        except sqlite3.Error as err:
            raise self._fail(err, writing=False) from err
        try:
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            yield conn
        except sqlite3.Error as err:
            raise self._fail(err, writing=False) from err
        finally:
            conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction: a second instance waits (busy_timeout) rather than interleaving."""
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    # migrations -------------------------------------------------------------------------
    def _ensure_schema(self) -> None:
        """Migrate only when the schema is behind: an up-to-date history is read without a write lock."""
        if self.path.is_file() and self.path.stat().st_size > 0 and self._stored_version() == LATEST_VERSION:
            return
        self.migrate()

    def _stored_version(self) -> int:
        with self._read() as conn:
            if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations'").fetchone() is None:
                return 0
            row = conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    def migrate(self, upto: int | None = None) -> int:
        """Apply missing migrations (up to ``upto``); returns the schema version."""
        target = LATEST_VERSION if upto is None else upto
        with self._write() as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            done = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
            newer = [v for v in done if v > LATEST_VERSION]
            if newer:
                raise StoreError(
                    f"the practice history {self.path} was written by a newer rehearse (schema {max(newer)})",
                    "upgrade rehearse to open it",
                )
            for version in sorted(MIGRATIONS):
                if version > target or version in done:
                    continue
                for statement in _statements(MIGRATIONS[version]):
                    conn.execute(statement)
                conn.execute("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)", (version, now_iso()))
            return max(done | {v for v in MIGRATIONS if v <= target}, default=0)

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
            return [_take(row) for row in conn.execute(sql, args)]

    def get_take(self, take_id: int | str) -> TakeRecord:
        with self._read() as conn:
            row = conn.execute(self._TAKE_SELECT + " WHERE t.id = ?", (_take_id(take_id),)).fetchone()
        if row is None:
            raise BadInputError(f"no take {take_id} in the history", "see 'rehearse history' for take numbers")
        return _take(row)

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
        return [
            DrillRecord(
                int(r["id"]), r["created_at"], r["drill"], r["level"], r["lp"], bool(r["passed"]), r["time_s"],
                r["target_min_s"], r["target_max_s"], r["story_name"], r["take_id"],
                json.loads(r["details_json"] or "{}"),
            )
            for r in rows
        ]

    def best_drill_time(self, drill: str, level: str) -> float | None:
        """The fastest passing time of this drill at this level, or None before the first pass."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT MIN(time_s) FROM drill_results WHERE drill = ? AND level = ? AND passed = 1 AND time_s IS NOT NULL",
                (drill, level),
            ).fetchone()
        return None if row[0] is None else float(row[0])


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


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


def _take(row: sqlite3.Row) -> TakeRecord:
    keys = row.keys()
    return TakeRecord(
        id=int(row["id"]),
        created_at=row["created_at"],
        lp=row["lp"],
        level=row["level"],
        audio_path=row["audio_path"],
        report_path=row["report_path"],
        story=row["story_name"],
        question_id=row["question_id"],
        question_text=row["question_text"],
        origin=row["origin"] if "origin" in keys else "take",
        segmentation=row["segmentation"] if "segmentation" in keys else None,
        metrics=TakeMetrics(
            total_s=row["total_s"], situation_s=row["situation_s"], target_min_s=row["target_min_s"],
            target_max_s=row["target_max_s"], rubric_pass=row["rubric_pass"], rubric_total=row["rubric_total"],
            fillers_per_min=row["fillers_per_min"], wpm=row["wpm"],
            pace=row["pace"] if "pace" in keys else None,
            fillers_verdict=row["fillers_verdict"] if "fillers_verdict" in keys else None,
            hedges=row["hedges"] if "hedges" in keys else None,
        ),
    )


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
