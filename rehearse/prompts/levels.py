"""The level targets: ``prompts/levels.toml`` as answer windows, drills and delivery targets.

The frozen dataclasses and the parser that validates the file; loading (with the default
path and the cache) is :func:`rehearse.prompts.load_levels`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from rehearse.errors import BadInputError
from rehearse.prompts.bank import PROBE_KINDS
from rehearse.prompts.schema import _read_toml, _Schema, normalise_id
from rehearse.units import format_clock

# The contract with the rubric, the CLI and the store: level ids in canonical order.
LEVEL_IDS: tuple[str, ...] = ("mid", "senior")


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


# -- parsing -------------------------------------------------------------------------------


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
