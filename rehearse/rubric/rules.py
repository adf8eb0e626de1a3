"""The rubric's rules: ``prompts/rubric.toml`` (lexicons, patterns, advice a coach can edit) compiled once.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from rehearse.errors import BadInputError
from rehearse.prompts import LEVEL_IDS

CRITERIA: tuple[str, ...] = (
    "scope_boundary",
    "ownership_language",
    "impact_metric",
    "impact_business",
    "impact_second_order",
    "verification",
    "reflection_specific",
    "tradeoffs",
    "customer_first",
)
RED_FLAGS: tuple[str, ...] = (
    "escalation_handoff",
    "delegated_validation",
    "opportunistic_motivation",
    "vague_result",
    "generic_reflection",
    "we_language",
)
LEVELS: tuple[str, ...] = LEVEL_IDS  # the one list, in rehearse.prompts

# Match states of a pattern hit inside its clause.
AFFIRMED, NEGATED, NOT_JUST = "affirmed", "negated", "not_just"



def _default_prompts_dir() -> Path:
    """The same prompts/ directory the question bank and levels come from."""
    from rehearse.prompts import PROMPTS_DIR

    return PROMPTS_DIR


def inflect(lemma: str, irregular: dict[str, Sequence[str]] | None = None) -> set[str]:
    """Regular word forms of a verb, generously (over-generation is harmless)."""
    w = lemma.lower()
    forms = {w}
    if re.search(r"(s|sh|ch|x|z|o)$", w):
        forms.add(w + "es")
    elif re.search(r"[^aeiou]y$", w):
        forms.add(w[:-1] + "ies")
    else:
        forms.add(w + "s")
    if w.endswith("e"):
        forms |= {w + "d", w[:-1] + "ing"}
        if w.endswith("ie"):
            forms.add(w[:-2] + "ying")
    elif re.search(r"[^aeiou]y$", w):
        forms |= {w[:-1] + "ied", w + "ing"}
    else:
        forms |= {w + "ed", w + "ing"}
        if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", w):
            forms |= {w + w[-1] + "ed", w + w[-1] + "ing"}
    if irregular and w in irregular:
        forms |= {f.lower() for f in irregular[w]}
    return forms


@dataclass(frozen=True)
class TokenSpec:
    """One pattern position: a set of tokens, a number class, or a gap."""

    words: frozenset[str] = frozenset()
    number: bool = False
    rate: bool = False
    money: bool = False  # an amount with a currency sign: "$40,000", "€8k"
    gap: int = 0  # > 0: skip 0..gap tokens


@dataclass(frozen=True)
class Pattern:
    category: str
    source: str
    specs: tuple[TokenSpec, ...]


@dataclass
class RubricRules:
    """The parsed and compiled content of prompts/rubric.toml."""

    raw: dict[str, Any]
    path: Path | None
    lexicons: dict[str, frozenset[str]]
    patterns: dict[str, tuple[Pattern, ...]]
    index: dict[str, tuple[Pattern, ...]]
    settings: dict[str, Any]
    levels: dict[str, dict[str, Any]]
    lps: dict[str, dict[str, Any]]
    advice: dict[str, dict[str, str]]
    red_flag_advice: dict[str, str]
    probes: dict[str, dict[str, str]]
    # Unions of lexicons built on first use (lexes), not part of the rules' value.
    _unions: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict, repr=False, compare=False)

    def lex(self, name: str) -> frozenset[str]:
        return self.lexicons.get(name, frozenset())

    def lexes(self, *names: str) -> frozenset[str]:
        """The union of several lexicons, built once (criteria test it for every token)."""
        if names not in self._unions:
            self._unions[names] = frozenset().union(*(self.lex(n) for n in names))
        return self._unions[names]


def _expand_word(item: str, lexicons: dict[str, frozenset[str]], irregular: dict[str, Any]) -> set[str]:
    if item.startswith("~"):
        return inflect(item[1:], irregular)
    if item.startswith("@"):
        name = item[1:]
        if name not in lexicons:
            raise BadInputError(f"rubric rules: unknown lexicon @{name}", "define it under [lexicons]")
        return set(lexicons[name])
    return {item.lower()}


def _compile(category: str, source: str, lexicons: dict[str, Any], irregular: dict[str, Any]) -> Pattern:
    specs: list[TokenSpec] = []
    for part in source.split():
        if re.fullmatch(r"\*\d*", part):
            specs.append(TokenSpec(gap=int(part[1:] or 3)))
            continue
        words: set[str] = set()
        number = rate = money = False
        for alt in part.split("|"):
            if alt == "#":
                number = True
            elif alt == "%":
                rate = True
            elif alt == "$":
                money = True
            elif alt:
                words |= _expand_word(alt, lexicons, irregular)
        specs.append(TokenSpec(words=frozenset(words), number=number, rate=rate, money=money))
    if not specs or specs[0].gap:
        raise BadInputError(f"rubric rules: pattern {source!r} must not start with a gap", "edit prompts/rubric.toml")
    while specs and specs[-1].gap:  # a trailing gap matches nothing more
        specs.pop()
    return Pattern(category, source, tuple(specs))


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data: dict[str, Any] = tomllib.load(fh)
            return data
    except FileNotFoundError:
        raise BadInputError(f"rubric rules not found: {path}", "reinstall rehearse or pass the path to rubric.toml") from None
    except tomllib.TOMLDecodeError as exc:
        raise BadInputError(f"rubric rules are not valid TOML: {path}: {exc}", "fix the syntax in rubric.toml") from None


def rules_from_dict(raw: dict[str, Any], path: Path | None = None) -> RubricRules:
    irregular = {k.lower(): v for k, v in raw.get("irregular", {}).items()}
    lexicons: dict[str, frozenset[str]] = {}
    for name, items in raw.get("lexicons", {}).items():
        words: set[str] = set()
        for item in items:
            words |= _expand_word(item, lexicons, irregular)
        lexicons[name] = frozenset(words)
    patterns: dict[str, tuple[Pattern, ...]] = {}
    index: dict[str, list[Pattern]] = {}
    for category, sources in raw.get("patterns", {}).items():
        compiled = tuple(_compile(category, s, lexicons, irregular) for s in sources)
        patterns[category] = compiled
        for p in compiled:
            first = p.specs[0]
            keys = set(first.words)
            if first.number:
                keys.add("#NUM")
            if first.rate:
                keys.add("#RATE")
            if first.money:
                keys.add("#MONEY")
            for k in keys:
                index.setdefault(k, []).append(p)
    advice = {k: dict(v) for k, v in raw.get("advice", {}).items()}
    return RubricRules(
        raw=raw,
        path=path,
        lexicons=lexicons,
        patterns=patterns,
        index={k: tuple(v) for k, v in index.items()},
        settings=dict(raw.get("settings", {})),
        levels={k: dict(v) for k, v in raw.get("levels", {}).items()},
        lps={k: dict(v) for k, v in raw.get("lps", {}).items()},
        advice=advice,
        red_flag_advice={k: v.get("advice", "") for k, v in raw.get("red_flags", {}).items()},
        probes={k: dict(v) for k, v in raw.get("probes", {}).items()},
    )


@lru_cache(maxsize=8)
def _load_cached(path_str: str, mtime: float) -> RubricRules:
    path = Path(path_str)
    return rules_from_dict(_load_toml(path), path)


def load_rules(path: str | Path | None = None) -> RubricRules:
    """Read and compile the rubric rules (default: prompts/rubric.toml)."""
    p = Path(path) if path is not None else _default_prompts_dir() / "rubric.toml"
    try:
        mtime = p.stat().st_mtime
    except OSError:
        raise BadInputError(f"rubric rules not found: {p}", "reinstall rehearse or pass the path to rubric.toml") from None
    return _load_cached(str(p.resolve()), mtime)
