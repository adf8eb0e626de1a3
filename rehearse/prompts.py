"""The question bank and the level targets: ``prompts/questions.toml`` and ``prompts/levels.toml``.

Pure data loading plus validation of user-given ids. Everything returned is frozen, and
the default files are parsed once per process (reloaded if they change on disk).
"""

from __future__ import annotations

import random
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

try:  # Python >= 3.11
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef,unused-ignore]

from rehearse.errors import BadInputError, RehearseError
from rehearse.units import format_clock


def _find_prompts_dir() -> Path:
    """prompts/ beside the package (a checkout or editable install), else the installed copy."""
    import sys

    beside = Path(__file__).resolve().parent.parent / "prompts"
    installed = Path(sys.prefix) / "share" / "rehearse" / "prompts"
    return beside if beside.is_dir() or not installed.is_dir() else installed


PROMPTS_DIR = _find_prompts_dir()
QUESTIONS_FILE = "questions.toml"
LEVELS_FILE = "levels.toml"

# The contract with the rubric, the CLI and the store: ids in canonical order.
LP_IDS: tuple[str, ...] = (
    "customer_obsession",
    "ownership",
    "invent_and_simplify",
    "are_right_a_lot",
    "learn_and_be_curious",
    "hire_and_develop_the_best",
    "insist_on_the_highest_standards",
    "think_big",
    "bias_for_action",
    "frugality",
    "earn_trust",
    "dive_deep",
    "have_backbone_disagree_and_commit",
    "deliver_results",
    "strive_to_be_earths_best_employer",
    "success_and_scale_bring_broad_responsibility",
)
LEVEL_IDS: tuple[str, ...] = ("mid", "senior")

# The follow-up probes the app asks after an answer (from the seed walkthrough); every LP
# must word all four. "detail" probes are optional extras.
REQUIRED_PROBE_KINDS: tuple[str, ...] = ("escalation", "motivation", "verification", "reflection")
PROBE_KINDS: tuple[str, ...] = (*REQUIRED_PROBE_KINDS, "detail")
MIN_QUESTIONS_PER_LP = 4


# -- dataclasses ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    id: str
    lp: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "lp": self.lp, "text": self.text}


@dataclass(frozen=True)
class Probe:
    """A short follow-up question an interviewer asks after the answer."""

    id: str
    lp: str
    kind: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "text": self.text}


@dataclass(frozen=True)
class LeadershipPrinciple:
    id: str
    name: str
    summary: str
    questions: tuple[Question, ...]
    probes: tuple[Probe, ...]
    listen_for: tuple[str, ...] = ()

    def probe(self, kind: str) -> Probe | None:
        """The first probe of this kind (escalation, motivation, verification, reflection, detail)."""
        return next((p for p in self.probes if p.kind == kind), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "summary": self.summary,
            "listen_for": list(self.listen_for),
            "questions": [{"id": q.id, "text": q.text} for q in self.questions],
            "probes": [p.to_dict() for p in self.probes],
        }


@dataclass(frozen=True)
class QuestionBank:
    lps: tuple[LeadershipPrinciple, ...]
    probe_kinds: Mapping[str, str] = field(default_factory=dict)
    source: Path | None = None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(lp.id for lp in self.lps)

    def get(self, lp: str) -> LeadershipPrinciple:
        """The LP with this id (or name, any case); BadInputError listing the valid ids otherwise."""
        wanted = normalise_id(lp)
        for principle in self.lps:
            if principle.id == wanted or normalise_id(principle.name) == wanted:
                return principle
        raise BadInputError(
            f"unknown Leadership Principle {lp!r}",
            "use one of: " + ", ".join(self.ids),
        )

    def question(self, question_id: str) -> Question:
        for principle in self.lps:
            for q in principle.questions:
                if q.id == question_id:
                    return q
        raise BadInputError(f"unknown question id {question_id!r}", "see 'rehearse prompts' for the ids")

    def probe(self, lp: str, kind: str) -> Probe:
        """This LP's wording of a follow-up probe kind."""
        found = self.get(lp).probe(kind)
        if found is None:
            raise BadInputError(f"unknown probe kind {kind!r}", "use one of: " + ", ".join(PROBE_KINDS))
        return found

    def all_questions(self) -> tuple[Question, ...]:
        return tuple(q for principle in self.lps for q in principle.questions)

    def random_question(self, lp: str | None = None, rng: random.Random | None = None) -> Question:
        """A question for ``lp`` (any LP when None), chosen with ``rng`` so tests can seed it."""
        pool = self.get(lp).questions if lp is not None else self.all_questions()
        return (rng or random).choice(pool)

    def to_dict(self, lp: str | None = None) -> dict[str, Any]:
        """The JSON of ``rehearse prompts --json``: every LP, or only ``lp``."""
        chosen = (self.get(lp),) if lp is not None else self.lps
        return {
            "schema_version": 1,
            "probe_kinds": dict(self.probe_kinds),
            "lps": [principle.to_dict() for principle in chosen],
        }


@dataclass(frozen=True)
class LevelSpec:
    """Target window for one level; ``target_min_s`` is None when there is no minimum."""

    id: str
    name: str
    target_min_s: float | None
    target_max_s: float | None
    display_max_s: float
    guidance: str = ""

    def length_verdict(self, total_s: float) -> Literal["ok", "too_long", "too_short"]:
        if self.target_max_s is not None and total_s > self.target_max_s:
            return "too_long"
        if self.target_min_s is not None and total_s < self.target_min_s:
            return "too_short"
        return "ok"

    @property
    def window_label(self) -> str:
        """Human form of the window, e.g. 'under 2:00' or '2:30–3:00'."""
        low, high = self.target_min_s, self.target_max_s
        if low is None and high is not None:
            return f"under {format_clock(high)}"
        if high is None and low is not None:
            return f"at least {format_clock(low)}"
        if low is not None and high is not None:
            return f"{format_clock(low)}–{format_clock(high)}"
        return "any length"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "target_min_s": self.target_min_s,
            "target_max_s": self.target_max_s,
            "display_max_s": self.display_max_s,
            "guidance": self.guidance,
        }


@dataclass(frozen=True)
class DrillSpec:
    """Targets for one practice drill (issue 6)."""

    id: str
    name: str
    description: str = ""
    sections: tuple[str, ...] = ()
    target_min_s: float | None = None
    target_max_s: float | None = None
    use_level_window: bool = False
    probes: tuple[str, ...] = ()
    per_probe_max_s: float | None = None

    def window(self, level: LevelSpec) -> tuple[float | None, float | None]:
        """(min, max) seconds for the whole take at ``level`` (per probe for rapid fire)."""
        if self.use_level_window:
            return level.target_min_s, level.target_max_s
        if self.per_probe_max_s is not None:
            return None, self.per_probe_max_s
        return self.target_min_s, self.target_max_s


@dataclass(frozen=True)
class DeliveryTargets:
    """What delivery coaching judges against ([delivery] in levels.toml); defaults match the file."""

    pace_min_wpm: float = 120.0
    pace_max_wpm: float = 165.0
    section_min_s: float = 8.0  # shorter sections are too short for a pace verdict
    long_pause_s: float = 2.0
    hesitation_pause_s: float = 1.0
    fillers_max_per_min: float = 3.0
    monotone_max_spread_st: float = 3.0
    fade_drop_db: float = 10.0
    fade_max_share: float = 0.5


@dataclass(frozen=True)
class Levels:
    levels: tuple[LevelSpec, ...]
    situation_amber_s: float
    situation_overrun_s: float
    setup_max_share: float
    action_min_share: float
    result_min_share: float
    drills: tuple[DrillSpec, ...] = ()
    source: Path | None = None
    delivery: DeliveryTargets = field(default_factory=DeliveryTargets)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(level.id for level in self.levels)

    def get(self, level: str) -> LevelSpec:
        wanted = normalise_id(level)
        for spec in self.levels:
            if spec.id == wanted:
                return spec
        raise BadInputError(f"unknown level {level!r}", "use one of: " + ", ".join(self.ids))

    def drill(self, drill_id: str) -> DrillSpec:
        wanted = normalise_id(drill_id)
        for spec in self.drills:
            if spec.id == wanted:
                return spec
        raise BadInputError(
            f"unknown drill {drill_id!r}", "use one of: " + ", ".join(d.id for d in self.drills)
        )


# -- helpers -------------------------------------------------------------------------------


def normalise_id(value: str) -> str:
    """'Customer-Obsession', "Earth's Best" and 'have backbone; disagree' → snake_case ids."""
    text = str(value).strip().lower().replace("'", "").replace("\u2019", "")
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


_cache: dict[tuple[str, int, int], Any] = {}
_cache_lock = threading.Lock()


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError as err:
        raise RehearseError(f"{path} is missing", "reinstall rehearse or restore the prompts/ directory") from err
    except OSError as err:
        raise RehearseError(f"cannot read {path}: {err.strerror}", "check the file's permissions") from err
    try:
        data: dict[str, Any] = tomllib.loads(raw.decode("utf-8"))
        return data
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise RehearseError(f"{path} is not valid TOML: {err}", "fix the syntax at the position shown") from err


def _cached(path: Path, parse: Any) -> Any:
    """Parse ``path`` once per (path, mtime, size); edits on disk are picked up."""
    try:
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
    except OSError:
        return parse(path)  # _read_toml reports the missing file
    with _cache_lock:
        if key in _cache:
            return _cache[key]
    result = parse(path)
    with _cache_lock:
        _cache[key] = result
    return result


class _Schema:
    """Collects the location of a schema problem so the error names file and field."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, problem: str) -> RehearseError:
        return RehearseError(f"{self.path}: {where}: {problem}", f"fix {self.path.name}")

    def text(self, table: Mapping[str, Any], key: str, where: str) -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, f"'{key}' must be a non-empty string")
        return " ".join(value.split())

    def seconds(self, table: Mapping[str, Any], key: str, where: str, required: bool = False) -> float | None:
        value = table.get(key)
        if value is None and not required:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise self.fail(where, f"'{key}' must be a positive number of seconds")
        return float(value)

    def share(self, table: Mapping[str, Any], key: str, where: str) -> float:
        value = table.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
            raise self.fail(where, f"'{key}' must be a fraction between 0 and 1")
        return float(value)

    def strings(self, table: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(where, f"'{key}' must be a list of strings")
        return tuple(" ".join(v.split()) for v in value)

    def tables(self, table: Mapping[str, Any], key: str, where: str) -> list[Mapping[str, Any]]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(where, f"'{key}' must be an array of tables ([[{key}]])")
        return value


# -- question bank -------------------------------------------------------------------------


def _parse_bank(path: Path) -> QuestionBank:
    data = _read_toml(path)
    schema = _Schema(path)
    kinds = data.get("probe_kinds", {})
    if not isinstance(kinds, dict):
        raise schema.fail("probe_kinds", "must be a table of kind = description")
    seen_ids: set[str] = set()
    principles: list[LeadershipPrinciple] = []
    for index, entry in enumerate(schema.tables(data, "lp", "top level")):
        lp_id = schema.text(entry, "id", f"lp #{index + 1}")
        where = f"lp {lp_id!r}"
        if lp_id != normalise_id(lp_id):
            raise schema.fail(where, "ids must be lower_snake_case")
        if lp_id in seen_ids:
            raise schema.fail(where, "duplicate LP id")
        seen_ids.add(lp_id)

        questions = []
        for q in schema.tables(entry, "questions", where):
            qid = schema.text(q, "id", f"{where} question")
            if qid in seen_ids:
                raise schema.fail(where, f"duplicate id {qid!r}")
            seen_ids.add(qid)
            questions.append(Question(id=qid, lp=lp_id, text=schema.text(q, "text", f"{where} question {qid!r}")))
        if len(questions) < MIN_QUESTIONS_PER_LP:
            raise schema.fail(where, f"needs at least {MIN_QUESTIONS_PER_LP} questions, has {len(questions)}")

        probes = []
        for p in schema.tables(entry, "probes", where):
            pid = schema.text(p, "id", f"{where} probe")
            kind = schema.text(p, "kind", f"{where} probe {pid!r}")
            if kind not in PROBE_KINDS:
                raise schema.fail(where, f"probe {pid!r} has unknown kind {kind!r} (use {', '.join(PROBE_KINDS)})")
            if pid in seen_ids:
                raise schema.fail(where, f"duplicate id {pid!r}")
            seen_ids.add(pid)
            probes.append(Probe(id=pid, lp=lp_id, kind=kind, text=schema.text(p, "text", f"{where} probe {pid!r}")))
        missing = [k for k in REQUIRED_PROBE_KINDS if not any(p.kind == k for p in probes)]
        if missing:
            raise schema.fail(where, f"missing follow-up probes of kind {', '.join(missing)}")

        principles.append(
            LeadershipPrinciple(
                id=lp_id,
                name=schema.text(entry, "name", where),
                summary=schema.text(entry, "summary", where),
                questions=tuple(questions),
                probes=tuple(probes),
                listen_for=schema.strings(entry, "listen_for", where),
            )
        )
    if not principles:
        raise schema.fail("top level", "no [[lp]] entries")
    return QuestionBank(
        lps=tuple(principles),
        probe_kinds={str(k): str(v) for k, v in kinds.items()},
        source=path,
    )


def load_question_bank(path: str | Path | None = None) -> QuestionBank:
    """Load ``prompts/questions.toml`` (or ``path``); RehearseError naming the file if it is broken."""
    bank: QuestionBank = _cached(Path(path) if path is not None else PROMPTS_DIR / QUESTIONS_FILE, _parse_bank)
    return bank


# -- levels --------------------------------------------------------------------------------


def _parse_levels(path: Path) -> Levels:
    data = _read_toml(path)
    schema = _Schema(path)
    raw_levels = data.get("levels")
    if not isinstance(raw_levels, dict) or not raw_levels:
        raise schema.fail("levels", "needs [levels.<id>] tables")
    specs = []
    for level_id, table in raw_levels.items():
        where = f"levels.{level_id}"
        if not isinstance(table, dict):
            raise schema.fail(where, "must be a table")
        low = schema.seconds(table, "target_min_s", where)
        high = schema.seconds(table, "target_max_s", where)
        if low is not None and high is not None and low >= high:
            raise schema.fail(where, "target_min_s must be below target_max_s")
        display = schema.seconds(table, "display_max_s", where) or high or low or 180.0
        specs.append(
            LevelSpec(
                id=level_id,
                name=schema.text(table, "name", where),
                target_min_s=low,
                target_max_s=high,
                display_max_s=display,
                guidance=" ".join(str(table.get("guidance", "")).split()),
            )
        )

    situation = data.get("situation", {})
    shares = data.get("shares", {})
    if not isinstance(situation, dict) or not isinstance(shares, dict):
        raise schema.fail("top level", "[situation] and [shares] must be tables")
    amber = schema.seconds(situation, "amber_s", "situation", required=True)
    overrun = schema.seconds(situation, "overrun_s", "situation", required=True)
    assert amber is not None and overrun is not None
    if amber >= overrun:
        raise schema.fail("situation", "amber_s must be below overrun_s")

    drills = []
    raw_drills = data.get("drills", {})
    if not isinstance(raw_drills, dict):
        raise schema.fail("drills", "must be [drills.<id>] tables")
    for drill_id, table in raw_drills.items():
        where = f"drills.{drill_id}"
        if not isinstance(table, dict):
            raise schema.fail(where, "must be a table")
        drill = DrillSpec(
            id=drill_id,
            name=schema.text(table, "name", where),
            description=" ".join(str(table.get("description", "")).split()),
            sections=schema.strings(table, "sections", where),
            target_min_s=schema.seconds(table, "target_min_s", where),
            target_max_s=schema.seconds(table, "target_max_s", where),
            use_level_window=bool(table.get("use_level_window", False)),
            probes=schema.strings(table, "probes", where),
            per_probe_max_s=schema.seconds(table, "per_probe_max_s", where),
        )
        unknown = [k for k in drill.probes if k not in PROBE_KINDS]
        if unknown:
            raise schema.fail(where, f"unknown probe kinds {', '.join(unknown)}")
        if not (drill.use_level_window or drill.target_max_s or drill.per_probe_max_s):
            raise schema.fail(where, "needs target_max_s, per_probe_max_s or use_level_window = true")
        drills.append(drill)

    return Levels(
        levels=tuple(specs),
        delivery=_parse_delivery(data.get("delivery", {}), schema),
        situation_amber_s=amber,
        situation_overrun_s=overrun,
        setup_max_share=schema.share(shares, "setup_max_share", "shares"),
        action_min_share=schema.share(shares, "action_min_share", "shares"),
        result_min_share=schema.share(shares, "result_min_share", "shares"),
        drills=tuple(drills),
        source=path,
    )


def _parse_delivery(table: Any, schema: _Schema) -> DeliveryTargets:
    """[delivery]: every key optional (the defaults are the shipped values), each positive."""
    if not isinstance(table, dict):
        raise schema.fail("delivery", "must be a table")
    defaults = DeliveryTargets()
    values = {}
    for key in DeliveryTargets.__dataclass_fields__:
        value = table.get(key, getattr(defaults, key))
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise schema.fail("delivery", f"'{key}' must be a positive number")
        values[key] = float(value)
    targets = DeliveryTargets(**values)
    if targets.pace_min_wpm >= targets.pace_max_wpm:
        raise schema.fail("delivery", "pace_min_wpm must be below pace_max_wpm")
    return targets


def load_levels(path: str | Path | None = None) -> Levels:
    """Load ``prompts/levels.toml`` (or ``path``); RehearseError naming the file if it is broken."""
    levels: Levels = _cached(Path(path) if path is not None else PROMPTS_DIR / LEVELS_FILE, _parse_levels)
    return levels


# -- validation of user input --------------------------------------------------------------


def validate_level(level: str, levels: Levels | None = None) -> LevelSpec:
    """The LevelSpec for a user-given level; BadInputError listing the valid levels otherwise."""
    return (levels or load_levels()).get(level)


def validate_lp(lp: str, bank: QuestionBank | None = None) -> LeadershipPrinciple:
    """The LP for a user-given id or name; BadInputError listing the valid ids otherwise."""
    return (bank or load_question_bank()).get(lp)
