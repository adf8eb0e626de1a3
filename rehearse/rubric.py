"""Rubric checker: what an Amazon interviewer would hear in a STAR answer.

Pure: no I/O except reading ``prompts/rubric.toml`` (the rules a coach can edit).
Every sentence is tokenised once (lower case, hyphens split, "N percent" -> "N%"),
cut into clauses (punctuation, contrast words, a fresh subject pronoun in run-on
speech) and scanned once for every pattern of the rules through an index on the
pattern's first token. Each match records whether its clause negates it ("didn't"),
affirms it with more ("didn't *just* escalate"), is irrealis ("would", "wanted to")
and who its subject is (I / we / someone else / nobody named, for a passive without "by ...").
Hedges right before a number are dropped ("to about three months"), amounts with a currency
sign form their own token class ("$40,000"), and unpunctuated speech gets extra clause breaks
after an object pronoun. The criteria and red flags are then decided from those matches and
the STAR sections.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from rehearse.errors import BadInputError
from rehearse.models import Evidence, Finding, Guidance, RedFlag, RubricResult, Section, Sentence

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
LEVELS: tuple[str, ...] = ("mid", "senior")

# Match states of a pattern hit inside its clause.
AFFIRMED, NEGATED, NOT_JUST = "affirmed", "negated", "not_just"


# --------------------------------------------------------------------------- rules


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
class _Spec:
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
    specs: tuple[_Spec, ...]


@dataclass
class RubricRules:
    """The parsed and compiled content of prompts/rubric.toml."""

    raw: dict
    path: Path | None
    lexicons: dict[str, frozenset[str]]
    patterns: dict[str, tuple[Pattern, ...]]
    index: dict[str, tuple[Pattern, ...]]
    settings: dict
    levels: dict[str, dict]
    lps: dict[str, dict]
    advice: dict[str, dict[str, str]]
    red_flag_advice: dict[str, str]
    probes: dict[str, dict[str, str]]

    def lex(self, name: str) -> frozenset[str]:
        return self.lexicons.get(name, frozenset())


def _expand_word(item: str, lexicons: dict[str, frozenset[str]], irregular: dict) -> set[str]:
    if item.startswith("~"):
        return inflect(item[1:], irregular)
    if item.startswith("@"):
        name = item[1:]
        if name not in lexicons:
            raise BadInputError(f"rubric rules: unknown lexicon @{name}", "define it under [lexicons]")
        return set(lexicons[name])
    return {item.lower()}


def _compile(category: str, source: str, lexicons: dict, irregular: dict) -> Pattern:
    specs: list[_Spec] = []
    for part in source.split():
        if re.fullmatch(r"\*\d*", part):
            specs.append(_Spec(gap=int(part[1:] or 3)))
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
        specs.append(_Spec(words=frozenset(words), number=number, rate=rate, money=money))
    if not specs or specs[0].gap:
        raise BadInputError(f"rubric rules: pattern {source!r} must not start with a gap", "edit prompts/rubric.toml")
    while specs and specs[-1].gap:  # a trailing gap matches nothing more
        specs.pop()
    return Pattern(category, source, tuple(specs))


def _load_toml(path: Path) -> dict:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise BadInputError(f"rubric rules not found: {path}", "reinstall rehearse or pass the path to rubric.toml") from None
    except tomllib.TOMLDecodeError as exc:
        raise BadInputError(f"rubric rules are not valid TOML: {path}: {exc}", "fix the syntax in rubric.toml") from None


def rules_from_dict(raw: dict, path: Path | None = None) -> RubricRules:
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


# --------------------------------------------------------------------------- tokens

_NUM_RE = re.compile(
    r"^[$€£]?\d[\d,]*(\.\d+)?(%|k|m|b|bn|x|ms|s|h|hrs?|mins?|gb|mb|tb|pp|bps)?$|^[$€£]?\.\d+%?$"
)
_YEAR_RE = re.compile(r"^(19|20)\d\d$")
_MONEY_RE = re.compile(r"^[$€£¥₹]\.?\d")
_NUMBER_WORDS = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    "hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion", "dozen", "dozens",
    "half", "quarter", "third",
}
_RATE_WORDS = {"half", "twice", "double", "triple", "tenfold", "twofold", "threefold", "percent"}
_CONTRACTIONS = {
    "didnt": "didn't", "wasnt": "wasn't", "werent": "weren't", "dont": "don't", "doesnt": "doesn't",
    "couldnt": "couldn't", "wouldnt": "wouldn't", "shouldnt": "shouldn't", "hadnt": "hadn't",
    "havent": "haven't", "hasnt": "hasn't", "isnt": "isn't", "arent": "aren't", "ive": "i've",
    "im": "i'm", "theyre": "they're", "theyve": "they've", "cant": "can't", "wont": "won't",
}
_STRIP = re.compile(r"[^a-z0-9%$€£'.:/&+-]+")
_BOUNDARY_PUNCT = re.compile(r"[,;:!?)\]\"]$|[.]$")
_DASHES = {"-", "--", "—", "–", "...", "…"}


@dataclass
class _Sent:
    """A sentence prepared for matching."""

    index: int
    sentence: Sentence
    role: str | None  # STAR section name, None when unknown (probe answers)
    raw: list[str]
    toks: list[str]
    base: list[str]  # token without a possessive 's
    raw_of: list[int]  # token -> raw word index
    clause: list[int]  # token -> clause id (within the sentence)
    is_num: list[bool]
    is_rate: list[bool]
    is_money: list[bool]


def _is_number(tok: str) -> bool:
    if _YEAR_RE.match(tok):
        return False
    return bool(_NUM_RE.match(tok)) or tok in _NUMBER_WORDS or (tok.endswith("%") and tok[:-1] in _NUMBER_WORDS)


def _is_rate(tok: str) -> bool:
    if tok in _RATE_WORDS or (tok.endswith("%") and tok[:-1] in _NUMBER_WORDS):
        return True
    return bool(_NUM_RE.match(tok)) and (tok.endswith("%") or tok.endswith("x") or tok.endswith("pp"))


_SUFFIXES = ("ingly", "edly", "ations", "ation", "ating", "ated", "ates", "ate", "ings", "ing", "ed", "ly",
             "ures", "ure", "ies", "es", "s", "y")


def stem(word: str) -> str:
    """A crude stem for comparing a reflection with the story ("failures" ~ "failing")."""
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 3:
            return word[: -len(suf)]
    return word


def _prepare(index: int, sentence: Sentence, role: str | None, rules: RubricRules) -> _Sent:
    raw = sentence.text.split()
    toks: list[str] = []
    raw_of: list[int] = []
    boundary_before: list[str] = []  # "" | "comma" | "strong"
    pending_boundary = ""
    disfluencies = rules.lex("disfluencies")
    for ri, word in enumerate(raw):
        low = word.lower().replace("\u2019", "'").replace("\u2018", "'")
        if low in _DASHES:
            pending_boundary = "strong"
            continue
        ends_boundary = ""
        if _BOUNDARY_PUNCT.search(low) and not _NUM_RE.match(low.rstrip(",;:!?)\"]")):
            ends_boundary = "comma" if low.endswith(",") else "strong"
        cleaned = _STRIP.sub("", low)
        cleaned = cleaned.strip(".'/:&+")
        if not re.search(r"\d", cleaned):
            cleaned = cleaned.rstrip("%")
        parts = [cleaned]
        if "-" in cleaned and not re.fullmatch(r"-?[\d.,]+%?", cleaned):
            parts = [p for p in cleaned.split("-") if p]
        elif cleaned.startswith("-"):
            parts = [cleaned[1:]]
        for part in parts:
            part = _CONTRACTIONS.get(part, part)
            if not part:
                continue
            # "0.3 percent" / "30 per cent" -> "0.3%"
            if part in {"percent", "pc"} and toks and _is_number(toks[-1]) and not toks[-1].endswith("%"):
                toks[-1] = toks[-1] + "%"
                continue
            if part == "cent" and len(toks) >= 2 and toks[-1] == "per" and _is_number(toks[-2]):
                toks.pop()
                raw_of.pop()
                boundary_before.pop()
                toks[-1] = toks[-1] + "%"
                continue
            # Drop "um"/"uh" and immediate restarts ("the the", "I, I") so patterns see fluent text.
            if part in disfluencies or (toks and part == toks[-1] and not _is_number(part)):
                continue
            toks.append(part)
            raw_of.append(ri)
            boundary_before.append(pending_boundary)
            pending_boundary = ""
        if ends_boundary:
            pending_boundary = ends_boundary if not pending_boundary else pending_boundary
    # "dropped to about three months", "from roughly 2% to under 1%": hedges before a number
    # would break "to #" patterns; the quote still shows them (it is cut from the raw words).
    approx = rules.lex("approximators")
    # Right to left, so "more than 30" loses both hedges.
    dropped: set[int] = set()
    next_kept = None
    for j in range(len(toks) - 1, -1, -1):
        if (toks[j] in approx and next_kept is not None and _is_number(toks[next_kept])
                and all(boundary_before[i] == "" for i in range(j + 1, next_kept + 1))):
            dropped.add(j)
            continue
        next_kept = j
    keep = [j for j in range(len(toks)) if j not in dropped]
    if len(keep) != len(toks):
        for j in range(len(toks)):
            if j in dropped and j + 1 < len(toks) and not boundary_before[j + 1]:
                boundary_before[j + 1] = boundary_before[j]
        toks = [toks[j] for j in keep]
        raw_of = [raw_of[j] for j in keep]
        boundary_before = [boundary_before[j] for j in keep]
    base = [t[:-2] if t.endswith("'s") else t for t in toks]
    clause = _clauses(toks, boundary_before, rules)
    return _Sent(
        index=index,
        sentence=sentence,
        role=role,
        raw=raw,
        toks=toks,
        base=base,
        raw_of=raw_of,
        clause=clause,
        is_num=[_is_number(t) for t in toks],
        is_rate=[_is_rate(t) for t in toks],
        is_money=[bool(_MONEY_RE.match(t)) for t in toks],
    )


def _clauses(toks: Sequence[str], boundary_before: Sequence[str], rules: RubricRules) -> list[int]:
    openers = rules.lex("clause_openers")
    glue = rules.lex("clause_glue")
    subjects = rules.lex("subject_pronouns")
    clause_subjects = rules.lex("clause_subjects")
    negators = rules.lex("negators")
    joiners = {"and", "so", "then", "or"}
    # A comma opens a clause only before a subject, a joiner or a contrast word (not in lists or "from, um, 20").
    comma_next = subjects | clause_subjects | openers | joiners | negators | {"which", "because", "since", "instead"}
    # Unpunctuated speech (Whisper without punctuation): an object pronoun followed by a word that
    # cannot continue its verb phrase ends the clause ("... could read it | conference attendance went").
    unpunctuated = len(toks) >= 20 and not any(boundary_before[1:])
    objects = rules.lex("object_pronouns")
    continuations = rules.lex("object_continuations") | subjects | clause_subjects | joiners | openers | glue
    ids: list[int] = []
    cid = 0
    for j, t in enumerate(toks):
        if j > 0:
            b = boundary_before[j]
            new = b == "strong" or (b == "comma" and t in comma_next) or t in openers
            if (not new and unpunctuated and toks[j - 1] in objects and t not in continuations
                    and not t.endswith("ly") and j >= 2 and toks[j - 2] not in _NOT_AFTER_OBJECT_VERB
                    and toks[j - 2] not in glue and toks[j - 2] not in joiners):
                new = True
            if not new and t in joiners and j + 1 < len(toks) and toks[j + 1] in clause_subjects and (
                toks[j - 1] not in glue or t == "and"
            ):
                new = True
            if not new and t in subjects and toks[j - 1] not in glue and toks[j - 1] not in joiners:
                new = True
            if new and ids and ids[-1] == cid and j - _clause_start(ids, cid) >= 1:
                cid += 1
        ids.append(cid)
    return ids


# Before the pronoun these make it a subject ("and it went") or the verb causative ("let her lead").
_NOT_AFTER_OBJECT_VERB = {"let", "lets", "make", "made", "makes", "help", "helped", "helps", "have", "had", "has",
                          "watch", "watched", "saw", "see", "heard", "hear", "get", "got", "because", "that",
                          "which", "where", "when", "if", "but", "and", "so", "or", "then", "once", "until"}


def _clause_start(ids: Sequence[int], cid: int) -> int:
    for k, c in enumerate(ids):
        if c == cid:
            return k
    return 0


# --------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class Match:
    category: str
    sent: int
    start: int
    end: int  # exclusive token index
    state: str
    irrealis: bool
    subject: str  # self | we | other | unknown
    pattern: str


def _spec_ok(spec: _Spec, s: _Sent, k: int) -> bool:
    if spec.words and (s.toks[k] in spec.words or s.base[k] in spec.words):
        return True
    if spec.number and s.is_num[k]:
        return True
    if spec.rate and s.is_rate[k]:
        return True
    if spec.money and s.is_money[k]:
        return True
    return False


def _match_at(specs: Sequence[_Spec], s: _Sent, start: int) -> int:
    """End index of the shortest match of specs at start, or -1. Gaps stay in the clause."""
    n = len(s.toks)
    clause = s.clause[start]

    def go(si: int, k: int) -> int:
        if si == len(specs):
            return k
        spec = specs[si]
        if spec.gap:
            for skip in range(spec.gap + 1):
                kk = k + skip
                if kk >= n or s.clause[kk] != clause:
                    break
                end = go(si + 1, kk)
                if end >= 0:
                    return end
            return -1
        if k >= n or s.clause[k] != clause or not _spec_ok(spec, s, k):
            return -1
        return go(si + 1, k + 1)

    return go(0, start)


def _state(s: _Sent, start: int, rules: RubricRules) -> str:
    negators = rules.lex("negators")
    not_just = rules.lex("not_just")
    window = int(rules.settings.get("negation_window", 5))
    clause = s.clause[start]
    k = start - 1
    steps = 0
    while k >= 0 and s.clause[k] == clause and steps < window:
        if s.toks[k] in negators:
            nxt = s.toks[k + 1] if k + 1 < len(s.toks) else ""
            nxt2 = s.toks[k + 2] if k + 2 < len(s.toks) else ""
            if nxt in not_just or (nxt in {"do", "did", "i", "we"} and nxt2 in not_just):
                return NOT_JUST
            return NEGATED
        k -= 1
        steps += 1
    return AFFIRMED


def _irrealis(s: _Sent, start: int, rules: RubricRules) -> bool:
    irrealis = rules.lex("irrealis")
    window = int(rules.settings.get("irrealis_window", 8))
    clause = s.clause[start]
    k = start - 1
    only_before_to = rules.lex("irrealis_before_to")
    while k >= 0 and s.clause[k] == clause and start - k <= window:
        t = s.toks[k]
        if t in irrealis or (t == "next" and k + 1 < len(s.toks) and s.toks[k + 1] == "time"):
            # "we only needed one feature" is a fact; "we needed to cut it" is a goal.
            if t in only_before_to and "to" not in s.toks[k + 1 : k + 4]:
                k -= 1
                continue
            return True
        k -= 1
    return False


def _subject(s: _Sent, start: int, end: int, rules: RubricRules) -> str:
    """Who does the matched verb: nearest agent before it in the clause, else the clause subject."""
    self_forms = rules.lex("i_forms")
    we_forms = rules.lex("we_forms")
    others = rules.lex("other_subjects")
    agents = rules.lex("other_agents")
    carry = rules.lex("carry_subject")
    clause = s.clause[start]
    # "... tested it myself"
    k = start + 1
    while k < len(s.toks) and s.clause[k] == clause and k < end + 4:
        if s.toks[k] == "myself":
            return "self"
        k += 1
    # Passive voice ("the mailbox was monitored", "the fix was tested by QA"): the agent is the
    # "by ..." phrase after the verb, and nobody in particular when there is none.
    if any(_is_passive(s, k, rules) for k in range(start, min(end, start + 3))):
        k = end
        while k < len(s.toks) and s.clause[k] == clause and k < end + 6:
            if s.toks[k] == "by" and k + 1 < len(s.toks):
                j = k + 1
                while j < len(s.toks) and j < k + 4 and s.toks[j] in {"the", "a", "an", "their", "our", "my"}:
                    j += 1
                if j >= len(s.toks):
                    break
                t = s.toks[j]
                if t in {"me", "myself"} or t in self_forms:
                    return "self"
                if t in {"us", "ourselves"} or t in we_forms:
                    return "we"
                return "other"
            k += 1
        return "passive"
    k = start - 1
    while k >= 0 and s.clause[k] == clause:
        t = s.toks[k]
        if t in self_forms:
            return "self"
        if t in we_forms:
            return "we"
        if t in others or (s.base[k] in agents and not _after_preposition(s, k)):
            return "other"
        if t in carry:
            break  # "and tested it": the subject is the clause's / previous clause's
        k -= 1

    def kind(j: int) -> str | None:
        t = s.toks[j]
        if t in self_forms:
            return "self"
        if t in we_forms:
            return "we"
        if t in others or (s.base[j] in agents and not _after_preposition(s, j)):
            return "other"
        return None

    # Clause subject: first agent of this clause, then of earlier clauses.
    for c in range(clause, -1, -1):
        for j in range(len(s.toks)):
            if s.clause[j] != c or (c == clause and j >= start):
                continue
            found = kind(j)
            if found:
                return found
    return "unknown"


_PREPOSITIONS = {"to", "with", "for", "from", "of", "at", "on", "in", "into", "beside", "alongside", "next",
                 "behind", "among", "between", "about", "across", "toward", "towards", "against", "via"}


def _after_preposition(s: _Sent, k: int) -> bool:
    """'next to the quality team', 'with their lead': an agent noun that is an object, not a subject."""
    j = k - 1
    while j >= 0 and k - j <= 4 and s.clause[j] == s.clause[k]:
        t = s.toks[j]
        if t in _PREPOSITIONS:
            return True
        # Determiners and modifiers ("the quality team") may sit in between; a verb or pronoun ends it.
        if t not in {"the", "a", "an", "their", "our", "my", "his", "her", "its", "that", "this", "whole",
                     "entire", "other", "platform", "quality", "engineering", "product", "data", "qa", "ops"}:
            return False
        j -= 1
    return False


_PASSIVE_SKIP = {"now", "since", "eventually", "not", "never", "only", "also", "then", "just", "all", "both", "each", "being", "been", "n't",
                 "actually", "really", "already", "later", "finally", "carefully", "thoroughly", "manually"}


def _is_passive(s: _Sent, start: int, rules: RubricRules) -> bool:
    """A participle right after a form of "be" ("was monitored", "were never tested", "got fixed")."""
    tok = s.toks[start]
    if not (tok.endswith(("ed", "en")) or tok in rules.lex("participles")):
        return False
    be = rules.lex("be_forms")
    k = start - 1
    while k >= 0 and s.clause[k] == s.clause[start] and start - k <= 5:
        t = s.toks[k]
        if t in be:
            return True
        # "was flashed and tested": skip a coordinated participle
        if t not in _PASSIVE_SKIP and t != "and" and not t.endswith("ed"):
            return False
        k -= 1
    return False


def _possible(p: Pattern, vocab: set[str], has_num: bool, has_rate: bool, has_money: bool) -> bool:
    """Cheap pre-check: every position of the pattern has some token of the sentence."""
    for spec in p.specs:
        if spec.gap:
            continue
        if spec.number and has_num or spec.rate and has_rate or spec.money and has_money:
            continue
        if spec.words.isdisjoint(vocab):
            return False
    return True


def _scan(s: _Sent, rules: RubricRules) -> list[Match]:
    out: list[Match] = []
    index = rules.index
    vocab = set(s.toks) | set(s.base)
    has_num, has_rate, has_money = any(s.is_num), any(s.is_rate), any(s.is_money)
    possible: dict[int, bool] = {}
    for k in range(len(s.toks)):
        cands: list[Pattern] = []
        for key in {s.toks[k], s.base[k]}:
            cands.extend(index.get(key, ()))
        if s.is_num[k]:
            cands.extend(index.get("#NUM", ()))
        if s.is_rate[k]:
            cands.extend(index.get("#RATE", ()))
        if s.is_money[k]:
            cands.extend(index.get("#MONEY", ()))
        seen: set[int] = set()
        for p in cands:
            key = id(p)
            if key in seen:
                continue
            seen.add(key)
            ok = possible.get(key)
            if ok is None:
                ok = possible[key] = _possible(p, vocab, has_num, has_rate, has_money)
            if not ok:
                continue
            end = _match_at(p.specs, s, k)
            if end < 0:
                continue
            out.append(
                Match(
                    category=p.category,
                    sent=s.index,
                    start=k,
                    end=end,
                    state=_state(s, k, rules),
                    irrealis=_irrealis(s, k, rules),
                    subject=_subject(s, k, end, rules),
                    pattern=p.source,
                )
            )
    return out


# --------------------------------------------------------------------------- analysis


@dataclass
class _Analysis:
    sents: list[_Sent]
    matches: dict[str, list[Match]]
    rules: RubricRules

    def of(self, category: str, roles: Iterable[str | None] | None = None, *, real: bool = True,
           allow_not_just: bool = True, subjects: Iterable[str] | None = None) -> list[Match]:
        """Matches of a category, filtered: by section role, affirmed, realis, subject."""
        roles_set = set(roles) if roles is not None else None
        subj_set = set(subjects) if subjects is not None else None
        out = []
        for m in self.matches.get(category, []):
            if roles_set is not None and self.sents[m.sent].role not in roles_set:
                continue
            if m.state == NEGATED or (m.state == NOT_JUST and not allow_not_just):
                continue
            if real and m.irrealis:
                continue
            if subj_set is not None and m.subject not in subj_set:
                continue
            out.append(m)
        return out

    def quote(self, m: Match | None = None, sent: int | None = None) -> Evidence:
        """The clause-sized quote around a match (or a whole sentence) with its start time."""
        idx = m.sent if m is not None else sent
        assert idx is not None
        s = self.sents[idx]
        max_words = int(self.rules.settings.get("quote_max_words", 28))
        if m is None or len(s.raw) <= max_words:
            lo, hi = 0, len(s.raw)
        else:
            a = s.raw_of[m.start]
            b = s.raw_of[min(m.end, len(s.raw_of)) - 1] + 1
            lo = max(0, a - (max_words - (b - a)) // 2)
            hi = min(len(s.raw), lo + max(max_words, b - a))
            lo = max(0, hi - max(max_words, b - a))
        text = " ".join(s.raw[lo:hi]).strip()
        if lo > 0:
            text = "… " + text
        if hi < len(s.raw):
            text = text + " …"
        start_s = s.sentence.start_s
        words = s.sentence.words
        if words and len(words) == len(s.raw) and words[lo].start_s is not None:
            start_s = words[lo].start_s
        return Evidence(quote=text, start_s=start_s)


def _snippet(a: _Analysis, m: Match | None, sent: int | None = None, n: int = 14) -> str:
    """A short quote for advice text, centred on the matched words."""
    if m is None:
        return _short(a.quote(sent=sent).quote, n)
    s = a.sents[m.sent]
    lo_w = s.raw_of[m.start]
    hi_w = s.raw_of[min(m.end, len(s.raw_of)) - 1] + 1
    lo = max(0, lo_w - 4)
    hi = min(len(s.raw), max(hi_w, lo + n))
    lo = max(0, min(lo, hi - n))
    text = " ".join(s.raw[lo:hi]).strip().rstrip(".,;:")
    return ("… " if lo > 0 else "") + text + (" …" if hi < len(s.raw) else "")


def _analyse(sentences: Sequence[tuple[Sentence, str | None]], rules: RubricRules) -> _Analysis:
    sents = [_prepare(i, sent, role, rules) for i, (sent, role) in enumerate(sentences)]
    matches: dict[str, list[Match]] = {}
    for s in sents:
        for m in _scan(s, rules):
            matches.setdefault(m.category, []).append(m)
    return _Analysis(sents, matches, rules)


# --------------------------------------------------------------------------- criteria

_OUTCOME_ROLES = ("action", "result", "reflection", None)
_NOT_CONTEXT = ("action", "result", "reflection", None)
_RESULT_ROLES = ("result", "reflection", None)


def _short(text: str, n: int = 12) -> str:
    words = text.split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


class _Fmt(dict):
    def __missing__(self, key: str) -> str:  # unknown placeholders render empty
        return ""


def _advice(rules: RubricRules, crit: str, key: str, **slots: object) -> str:
    template = rules.advice.get(crit, {}).get(key) or rules.advice.get(crit, {}).get("fail", "")
    return template.format_map(_Fmt({k: v for k, v in slots.items()}))


def _first(ms: Sequence[Match]) -> Match | None:
    return min(ms, key=lambda m: (m.sent, m.start)) if ms else None


def _result_sentences(a: _Analysis) -> list[_Sent]:
    res = [s for s in a.sents if s.role == "result"]
    return res or [s for s in a.sents if s.role in (None,)] or a.sents[-2:]


def _action_sentences(a: _Analysis) -> list[_Sent]:
    acts = [s for s in a.sents if s.role in ("task", "action")]
    if acts:
        return acts
    acts = [s for s in a.sents if s.role in ("task", None)]
    return acts or [s for s in a.sents if s.role not in ("situation", "result", "reflection")] or a.sents


def _pronoun_counts(a: _Analysis, sents: Sequence[_Sent]) -> tuple[int, int, list[tuple[int, int]]]:
    """Agentive I and we counts: "we were / we had" is context, "I mean / I guess" is filler."""
    rules = a.rules
    i_forms, we_forms = rules.lex("i_forms") - {"myself"}, rules.lex("we_forms")
    stative, fillers = rules.lex("we_stative"), rules.lex("i_fillers")
    i_count = we_count = 0
    we_spots: list[tuple[int, int]] = []
    for s in sents:
        for k, t in enumerate(s.toks):
            nxt = s.toks[k + 1] if k + 1 < len(s.toks) else ""
            if t in i_forms:
                if nxt in fillers or t in {"i'm", "im", "i've", "ive"}:
                    continue
                i_count += 1
            elif t in we_forms:
                if nxt in stative or t in {"we're", "we've"}:
                    continue
                we_count += 1
                we_spots.append((s.index, k))
            elif t == "team" and k > 0 and s.toks[k - 1] in {"my", "our", "the"} and nxt and (
                nxt.endswith("ed") or nxt in {"figured", "found", "built", "wrote", "decided", "made", "came", "got", "took"}
            ) and nxt not in stative:
                we_count += 1
                we_spots.append((s.index, k))
    return i_count, we_count, we_spots


def _opening(a: _Analysis) -> tuple[list[_Sent], str]:
    n_sent = int(a.rules.settings.get("opening_sentences", 2))
    min_words = int(a.rules.settings.get("opening_min_words", 30))
    fillers = a.rules.lex("fillers")
    chosen: list[_Sent] = []
    substantive = 0
    words = 0
    max_words = int(a.rules.settings.get("opening_max_words", 40))
    for s in a.sents:
        content = [t for t in s.toks if t not in fillers]
        chosen.append(s)
        words += len(s.toks)
        if len(content) >= 5:  # "Sure." / "So, two years ago" do not count as sentences here
            substantive += 1
        if substantive >= n_sent and words >= min_words:
            break
        if substantive >= n_sent and len(chosen) >= n_sent + 2:
            break
    text = " ".join(s.sentence.text for s in chosen[:1]) if chosen else ""
    return chosen, _short(text, 14), max_words


def _story_words(a: _Analysis, exclude: set[int]) -> set[str]:
    """Stems of the content words of the story outside the reflection."""
    generic = a.rules.lex("generic_words") | a.rules.lex("fillers")
    out: set[str] = set()
    for s in a.sents:
        if s.index in exclude:
            continue
        for t in s.base:
            if len(t) >= 4 and t not in generic and not t.isdigit():
                out.add(stem(t))
    return out


_STOP = {
    "the", "a", "an", "and", "or", "to", "of", "in", "on", "for", "with", "that", "this", "it", "is", "was",
    "be", "i", "we", "they", "my", "our", "their", "would", "have", "had", "has", "about", "more", "so",
    "at", "as", "by", "from", "what", "which", "when", "if", "then", "than", "there", "do", "did", "done",
    "me", "us", "them", "i'd", "i've", "i'm", "also", "just", "really", "very", "all", "any", "some",
    "were", "been", "being", "are", "these", "those", "their", "theirs", "there", "here", "where", "while",
    "into", "onto", "over", "under", "after", "before", "again", "once", "each", "every", "such", "both",
    "only", "same", "other", "than", "then", "them", "they", "will", "should", "could", "might", "must",
    "does", "doing", "going", "gone", "make", "made", "makes", "making", "take", "took", "taken", "give",
    "gave", "like", "with", "without", "within", "about", "around", "through", "because", "since", "until",
    "whenever", "whatever", "however", "first", "last", "next", "still", "even", "much", "many", "more", "most",
}


def _reflection_cues(a: _Analysis) -> list[Match]:
    """Reflection cues told by the speaker: not "the team learned", not "I learned about hooks"."""
    out = []
    for m in a.matches.get("reflection_cue", []):
        s = a.sents[m.sent]
        own = any(t in a.rules.lex("i_forms") for t in s.toks[m.start : m.end])
        if m.subject == "other" and not own:
            continue
        if s.toks[m.start] in {"learned", "learnt", "learn"} and s.toks[m.end : m.end + 1] == ["about"]:
            continue
        out.append(m)
    return out


def _reflection_sentences(a: _Analysis) -> list[_Sent]:
    # Negation is ignored: in run-on speech "... has not failed since I learned ..." is still a reflection.
    cue_sents = {m.sent for m in _reflection_cues(a)}
    out = []
    for s in a.sents:
        if s.role == "reflection" or (s.index in cue_sents and s.role not in ("situation",)):
            out.append(s)
    return out


def _reflection_specificity(a: _Analysis, refl: Sequence[_Sent],
                            skip_before: dict[int, int] | None = None) -> tuple[int, int, int, int]:
    """(systemic terms, story-specific overlaps, generic cues, distinct content words) in the reflection."""
    systemic = a.rules.lex("systemic_terms")
    generic_words = a.rules.lex("generic_words") | a.rules.lex("fillers") | _STOP
    refl_ids = {s.index for s in refl}
    story = _story_words(a, refl_ids)
    # Words inside a generic lesson ("follow up on tickets more closely") do not make it specific.
    generic_spans = {(m.sent, k) for cat in ("generic_reflection", "vague_result")
                     for m in a.matches.get(cat, []) if m.sent in refl_ids for k in range(m.start, m.end)}
    # ... nor does the rest of its clause: "communicate more with the hiring managers", "follow up
    # more closely on tickets" name who or what, not a mechanism.
    for m in a.matches.get("generic_reflection", []):
        if m.sent in refl_ids:
            s = a.sents[m.sent]
            c = s.clause[m.start]
            generic_spans |= {(m.sent, k) for k in range(m.start, len(s.toks)) if s.clause[k] == c}
    sys_hits = overlap = 0
    content: set[str] = set()
    for s in refl:
        start_k = (skip_before or {}).get(s.index, 0)
        for k, (t, b) in enumerate(zip(s.toks, s.base)):
            if k < start_k or (s.index, k) in generic_spans:
                continue
            if len(b) >= 4 and b not in generic_words and not s.is_num[k]:
                content.add(stem(b))
            if t in systemic or b in systemic:
                if t in {"on", "call"}:
                    continue
                sys_hits += 1
            elif len(b) >= 4 and b not in generic_words and stem(b) in story:
                overlap += 1
        # "on call" / "on-call" counts once
        sys_hits += sum(1 for x, y in zip(s.toks[start_k:], s.toks[start_k + 1 :]) if x == "on" and y == "call")
    generic = len([m for m in a.of("generic_reflection", real=False) if m.sent in refl_ids])
    return sys_hits, overlap, generic, len(content)


def _check_all(a: _Analysis, level: str, lp: str) -> RubricResult:
    rules = a.rules
    required = set(rules.levels.get(level, {}).get("required", [])) | set(rules.lps.get(lp, {}).get("required", []))
    findings: dict[str, Finding] = {}
    flags: list[RedFlag] = []
    result_sents = _result_sentences(a)
    result_hint = f" (\"{_short(result_sents[-1].sentence.text)}\")" if result_sents else ""
    opening_sents, opening_text, opening_max = _opening(a)

    def finding(cid: str, verdict: str, evidence: Sequence[Evidence], advice: str, details: dict | None = None) -> None:
        findings[cid] = Finding(
            id=cid, verdict=verdict, evidence=tuple(evidence), advice=advice,
            required=cid in required, details=details or {},
        )

    def flag(fid: str, m: Match | None = None, sent: int | None = None) -> None:
        ev = a.quote(m, sent)
        advice = rules.red_flag_advice.get(fid, "").format_map(_Fmt(quote=_snippet(a, m, sent)))
        flags.append(RedFlag(id=fid, quote=ev.quote, start_s=ev.start_s, advice=advice))

    # scope_boundary ----------------------------------------------------------
    # Scope statements carry their own negation ("isn't ours", "nobody asked"): not filtered by it.
    scope = [m for m in a.matches.get("scope_boundary", []) if not _irrealis_strict(a, m)]
    # Scope statements are often in a "wasn't asked" shape: keep them even though "asked" is irrealis-listed.
    if scope:
        m = _first(scope)
        ev = a.quote(m)
        finding("scope_boundary", "pass", [ev], _advice(rules, "scope_boundary", "pass", quote=_snippet(a, m)))
    else:
        finding("scope_boundary", "fail", [], _advice(rules, "scope_boundary", "fail", opening=opening_text))

    # ownership_language ------------------------------------------------------
    act = _action_sentences(a)
    i_count, we_count, we_spots = _pronoun_counts(a, act)
    # Actions told with "we" inside the situation (segmentation may put them there) count partly.
    act_ids = {s.index for s in act}
    sit = [s for s in a.sents if s.role == "situation" and s.index not in act_ids]
    _si, sit_we, sit_spots = _pronoun_counts(a, sit)
    we_weighted = we_count + float(rules.settings.get("situation_we_weight", 0.5)) * sit_we
    we_spots = we_spots or sit_spots
    ratio = float(rules.settings.get("we_dominates_ratio", 1.0))
    details = {"i_count": i_count, "we_count": we_count, "we_in_situation": sit_we, "action_sentences": len(act)}
    if i_count + we_weighted == 0:
        finding("ownership_language", "n/a", [], _advice(rules, "ownership_language", "na"), details)
    elif we_weighted > ratio * i_count or (we_weighted >= 2 and we_weighted >= i_count):
        si, k = we_spots[0]
        ev = a.quote(sent=si)
        finding("ownership_language", "fail", [ev], _advice(
            rules, "ownership_language", "fail", quote=_short(ev.quote, 14), i_count=i_count, we_count=we_count), details)
        flag("we_language", sent=si)
    else:
        i_sent = next((s for s in act if any(t in rules.lex("i_forms") for t in s.toks)), act[0])
        ev = a.quote(sent=i_sent.index)
        finding("ownership_language", "pass", [ev], _advice(
            rules, "ownership_language", "pass", quote=_short(ev.quote, 14), i_count=i_count, we_count=we_count), details)

    # impact_metric -----------------------------------------------------------
    # Negation is not checked for metrics: "with no reboot, reboots went from 5 to 0" is still a delta.
    metric = [m for m in a.matches.get("metric_delta", []) if a.sents[m.sent].role in _NOT_CONTEXT
              and not m.irrealis and not _people_delta(a, m)]
    if metric:
        m = _first([x for x in metric if a.sents[x.sent].role == "result"] or metric)
        ev = a.quote(m)
        finding("impact_metric", "pass", [ev], _advice(rules, "impact_metric", "pass", quote=_snippet(a, m)))
    else:
        numbered = [s for s in a.sents if any(s.is_num) or any(_YEAR_RE.match(t) for t in s.toks)]
        if numbered:
            ev = a.quote(sent=numbered[0].index)
            finding("impact_metric", "fail", [ev], _advice(rules, "impact_metric", "fail_numbers", quote=_short(ev.quote, 14)))
        else:
            finding("impact_metric", "fail", [], _advice(rules, "impact_metric", "fail", result_hint=result_hint))

    # impact_business ---------------------------------------------------------
    # A customer or money word counts as business value only where something changed for it:
    # a change/gain/outcome verb or a number in its clause ("customers were happy" does not count).
    # "getting locked out" is a state, not a change: motion verbs count except "get".
    motion = rules.lex("motion_verbs") - inflect("get", {"get": ["got", "gotten"]})
    change_words = (rules.lex("change_verbs") | rules.lex("gain_verbs") | rules.lex("outcome_verbs") | motion
                    | rules.lex("change_particles"))
    vague_spans = {(m.sent, k) for m in a.matches.get("vague_result", []) for k in range(m.start, m.end)}
    metric_at = [(x.sent, a.sents[x.sent].clause[x.start]) for x in a.of("metric_delta", real=False)
                 if not _people_delta(a, x)]
    biz: list[Match] = []
    for m in a.of("business", _NOT_CONTEXT):
        s = a.sents[m.sent]
        if (m.sent, m.start) in vague_spans or (_counted(a, m) and s.toks[m.end : m.end + 1] and
                                               s.toks[m.end] in rules.lex("customer_compounds")):
            continue
        # "$40,000" or "forty thousand dollars": an amount of money is business value by itself.
        money_amount = any(s.is_money[m.start : m.end]) or (
            bool(set(s.toks[m.start : m.end]) & rules.lex("currency_words")) and _near_number(s, m.start, m.end))
        # A customer named right after a metric delta ("the close came down to six days, and
        # clients got their statements on time") is the delta's business side. Speech split into
        # sentences at "and" may put the two in consecutive sentences.
        c = s.clause[m.start]
        result_with_metric = s.role in ("action", "result") and not _counted(a, m) and any(
            (si == m.sent and ci < c) or (si == m.sent - 1 and c == 0) for si, ci in metric_at)
        near_change = _clause_has(s, m.start, change_words, window=_BIZ_WINDOW)
        if near_change or _clause_has_metric(a, m) or money_amount or result_with_metric:
            if s.role == "reflection" and not near_change and not money_amount:
                continue
            biz.append(m)
    if biz:
        ev = a.quote(_first(biz))
        finding("impact_business", "pass", [ev], _advice(rules, "impact_business", "pass", quote=_snippet(a, _first(biz))))
    else:
        finding("impact_business", "fail", [], _advice(rules, "impact_business", "fail", result_hint=result_hint))

    # impact_second_order -----------------------------------------------------
    second = a.of("second_order", _NOT_CONTEXT)
    second += a.of("second_order_by_others", _NOT_CONTEXT, subjects=("other", "unknown", "passive"))
    if second:
        ev = a.quote(_first(second))
        finding("impact_second_order", "pass", [ev], _advice(
            rules, "impact_second_order", "pass", quote=_snippet(a, _first(second))))
    else:
        finding("impact_second_order", "fail", [], _advice(rules, "impact_second_order", "fail", result_hint=result_hint))

    # verification ------------------------------------------------------------
    ver = [m for m in a.of("verification", subjects=("self",)) if not _verb_is_noun(a, m)]
    delegated = a.of("delegated_validation", _NOT_CONTEXT, allow_not_just=False)
    # Someone else as the subject of testing, also when asked to ("told them to test it"), is delegation.
    delegated += [m for m in a.of("verification", _NOT_CONTEXT, subjects=("other",), real=False)
                  if not _verb_is_noun(a, m)]
    fix_hint = ""
    own_fix = a.of("own_fix", subjects=("self", "unknown"))
    own_fix = [m for m in own_fix if not _is_message_object(a, m)]
    if own_fix:
        fix_hint = f" after \"{_short(a.quote(_first(own_fix)).quote, 10)}\""
    if ver:
        ev = a.quote(_first(ver))
        finding("verification", "pass", [ev], _advice(rules, "verification", "pass", quote=_snippet(a, _first(ver))))
    elif delegated:
        m = _first(delegated)
        ev = a.quote(m)
        finding("verification", "fail", [ev], _advice(rules, "verification", "fail_delegated", quote=_snippet(a, m)))
        flag("delegated_validation", m)
    else:
        finding("verification", "fail", [], _advice(rules, "verification", "fail", fix_hint=fix_hint))

    # reflection_specific -----------------------------------------------------
    refl = _reflection_sentences(a)
    story_hint = ""
    act_for_hint = _action_sentences(a)
    if act_for_hint:
        story_hint = f" (\"{_short(act_for_hint[0].sentence.text, 10)}\")"
    if not refl:
        finding("reflection_specific", "fail", [], _advice(rules, "reflection_specific", "fail", story_hint=story_hint))
    else:
        # Judge the sentences that carry a reflection cue when there are any: a section boundary
        # placed too early would otherwise lend the result's story words to the reflection.
        refl_ids = {x.index for x in refl}
        cues = sorted((m.sent, m.start) for m in _reflection_cues(a) if m.sent in refl_ids)
        first = cues[0] if cues else None
        judged = [x for x in refl if x.index >= first[0]] if first else refl
        # In a run-on sentence, only the part from the cue's clause on is the reflection.
        skip_before = {}
        if first is not None:
            s0 = a.sents[first[0]]
            skip_before[first[0]] = _clause_start(s0.clause, s0.clause[first[1]])
        sys_hits, overlap, generic, content = _reflection_specificity(a, judged, skip_before)
        min_overlap = int(rules.settings.get("reflection_min_story_overlap", 2))
        min_content = int(rules.settings.get("reflection_min_content_words", 4))
        # Specific: names a mechanism, ties back to the story, or is a concrete practice in its
        # own words with no platitude in it.
        specific = sys_hits >= 1 or overlap >= min_overlap or (content >= min_content and not generic)
        ev = a.quote(sent=refl[0].index)
        details = {"systemic_terms": sys_hits, "story_overlap": overlap, "generic_cues": generic,
                   "content_words": content}
        if specific:
            best = max(refl, key=lambda s: sum(1 for t in s.toks if t in rules.lex("systemic_terms")))
            ev = a.quote(sent=best.index)
            finding("reflection_specific", "pass", [ev], _advice(
                rules, "reflection_specific", "pass", quote=_short(ev.quote, 16)), details)
        else:
            finding("reflection_specific", "fail", [ev], _advice(
                rules, "reflection_specific", "fail_generic", quote=_short(ev.quote, 14), story_hint=story_hint), details)
            flag("generic_reflection", sent=refl[0].index)

    # tradeoffs ---------------------------------------------------------------
    trade = _tradeoffs(a)
    if trade is not None:
        ev = a.quote(trade)
        finding("tradeoffs", "pass", [ev], _advice(rules, "tradeoffs", "pass", quote=_snippet(a, trade, n=18)))
    else:
        vague = a.of("vague_tradeoff", real=False)
        if vague:
            ev = a.quote(_first(vague))
            finding("tradeoffs", "fail", [ev], _advice(rules, "tradeoffs", "fail_vague", quote=_snippet(a, _first(vague), n=10)))
        else:
            action_hint = ""
            if act_for_hint:
                action_hint = f", e.g. around \"{_short(act_for_hint[0].sentence.text, 10)}\""
            finding("tradeoffs", "fail", [], _advice(rules, "tradeoffs", "fail", action_hint=action_hint))

    # customer_first ----------------------------------------------------------
    # Only the first `opening_max` words count, so a long run-on first "sentence" does not stretch it.
    offsets: dict[int, int] = {}
    seen_words = 0
    for s in opening_sents:
        offsets[s.index] = seen_words
        seen_words += len(s.toks)
    # "a telecom with 5 million subscribers" is scale, not impact: skip counted customer words.
    cust = [m for m in a.of("customer_impact", real=False)
            if m.sent in offsets and offsets[m.sent] + m.start < opening_max and not _counted(a, m)
            and _customer_impacted(a, m)]
    if cust:
        ev = a.quote(_first(cust))
        finding("customer_first", "pass", [ev], _advice(rules, "customer_first", "pass", quote=_snippet(a, _first(cust))))
    else:
        ev_list = [a.quote(sent=opening_sents[0].index)] if opening_sents else []
        finding("customer_first", "fail", ev_list, _advice(rules, "customer_first", "fail", opening=opening_text))

    # red flags that are not tied to a criterion ------------------------------
    handoff = _handoff(a, own_fix)
    if handoff is not None:
        flag("escalation_handoff", handoff)
    opp = a.of("opportunistic", real=False, allow_not_just=False)
    if opp:
        flag("opportunistic_motivation", _first(opp))
    if findings["impact_metric"].verdict != "pass":
        # Any section but the opening: segmentation may leave a short tail inside the situation.
        opening = {x.index for x in opening_sents[:2]}
        vague = [m for m in a.of("vague_result", real=False, allow_not_just=False)
                 if (a.sents[m.sent].role != "situation" or m.sent not in opening) and not _irrealis_strict(a, m)]
        # "We successfully rebuilt trust", "it paid off significantly": a claim with no number in its clause.
        vague += [m for m in a.of("vague_claim", ("result",), allow_not_just=False)
                  if not any(x for j, x in enumerate(a.sents[m.sent].is_num)
                             if a.sents[m.sent].clause[j] == a.sents[m.sent].clause[m.start])]
        if vague:
            flag("vague_result", _first(vague))

    lp_info = rules.lps.get(lp, {})
    lvl_info = rules.levels.get(level, {})
    guidance = Guidance(
        lp=lp,
        level=level,
        emphasize=tuple(lp_info.get("emphasize", [])) + tuple(lvl_info.get("emphasize", [])),
        de_emphasize=tuple(lp_info.get("de_emphasize", [])) + tuple(lvl_info.get("de_emphasize", [])),
        notes=tuple(lp_info.get("notes", [])) + tuple(lvl_info.get("notes", [])),
    )
    order = {fid: i for i, fid in enumerate(RED_FLAGS)}
    flags.sort(key=lambda f: order.get(f.id, 99))
    return RubricResult(findings=tuple(findings[c] for c in CRITERIA), red_flags=tuple(flags), guidance=guidance)


def _irrealis_strict(a: _Analysis, m: Match) -> bool:
    """Irrealis ignoring "asked/wanted" style words that scope statements use ("nobody asked me")."""
    s = a.sents[m.sent]
    strict = {"would", "could", "should", "might", "if", "will", "i'd", "we'd", "wish"}
    # A modal governs the next few words; in unpunctuated speech the clause can run on far past it.
    window = int(a.rules.settings.get("irrealis_window", 8))
    k = m.start - 1
    while k >= 0 and s.clause[k] == s.clause[m.start] and m.start - k <= window:
        if s.toks[k] in strict:
            return True
        k -= 1
    return False


_BIZ_WINDOW = 8


def _clause_has(s: _Sent, k: int, words: frozenset[str] | set[str], window: int | None = None) -> bool:
    """A word of the set in k's clause (and within `window` tokens of k: unpunctuated speech
    makes clauses long, and a far-away verb is rarely about this word)."""
    c = s.clause[k]
    lo, hi = (0, len(s.toks)) if window is None else (max(0, k - window), min(len(s.toks), k + window + 1))
    return any(s.clause[j] == c and (s.toks[j] in words or s.base[j] in words) for j in range(lo, hi))


def _customer_impacted(a: _Analysis, m: Match, window: int = 12, num_window: int = 4) -> bool:
    """A bare customer word ("the client", "users", "revenue") states an impact only with a pain word,
    a change or a number near it in its clause: "customers were locked out" yes, "a demo with a
    client" or "immediate revenue" no."""
    s = a.sents[m.sent]
    neutral = a.rules.lex("customer_words") | a.rules.lex("neutral_business_words")
    if m.end - m.start != 1 or s.toks[m.start] not in neutral:
        return True  # "lost revenue", "churn", "customer-facing": impact by themselves
    words = a.rules.lex("customer_pain") | a.rules.lex("change_verbs") | a.rules.lex("change_nouns")
    c = s.clause[m.start]
    lo, hi = max(0, m.start - window), min(len(s.toks), m.end + window)
    for j in range(lo, hi):
        if s.clause[j] != c:
            continue
        if s.toks[j] in words or s.base[j] in words or (s.is_num[j] and abs(j - m.start) <= num_window):
            return True
    return False


def _counted(a: _Analysis, m: Match) -> bool:
    """'5 million subscribers' (a count) or 'patient load' / 'accounts payable' (a compound noun):
    the customer word names scale or a system, not an impact."""
    s = a.sents[m.sent]
    if m.end - m.start != 1 or s.toks[m.start] not in a.rules.lex("customer_words"):
        return False
    if m.start > 0 and s.is_num[m.start - 1]:
        return True
    nxt = s.toks[m.end] if m.end < len(s.toks) else ""
    return nxt in a.rules.lex("customer_compounds")


def _near_number(s: _Sent, start: int, end: int, window: int = 3) -> bool:
    """A number right next to the match ("$8K", "40 analyst hours", "2 million dollars"); a rate
    ("50% of sales") is a share, not an amount."""
    c = s.clause[start]
    lo, hi = max(0, start - window), min(len(s.toks), end + window)
    return any(s.clause[j] == c and s.is_num[j] and not s.is_rate[j] and not _YEAR_RE.match(s.toks[j])
               for j in range(lo, hi))


def _clause_has_metric(a: _Analysis, m: Match, window: int = 12) -> bool:
    return any(x.sent == m.sent and a.sents[x.sent].clause[x.start] == a.sents[m.sent].clause[m.start]
               and x.start - window <= m.start <= x.end + window for x in a.of("metric_delta"))


def _verb_is_noun(a: _Analysis, m: Match) -> bool:
    """'test cases', 'test results': the verification word is a noun here."""
    s = a.sents[m.sent]
    if m.end - m.start != 1:
        return False
    nxt = s.toks[m.end] if m.end < len(s.toks) else ""
    prev = s.toks[m.start - 1] if m.start > 0 else ""
    followers = a.rules.lex("verify_noun_followers")
    tok = s.toks[m.start]
    if nxt in followers:
        return True
    # A bare form ("test", "tests", "check") is a verb only after a subject, "to", a modal or an adverb:
    # "the same flaky test fail", "two tests" are nouns; "-ed"/"-ing" forms are verbs.
    if tok.endswith(("ed", "ing", "'d")):
        return False
    return prev not in _VERB_PREV


_VERB_PREV = {
    "i", "we", "they", "he", "she", "you", "to", "and", "then", "also", "would", "could", "should", "will",
    "can", "did", "do", "i'll", "we'll", "i'd", "we'd", "personally", "manually", "myself", "first", "always",
    "carefully", "thoroughly", "quickly", "again", "re", "actually", "properly", "fully", "independently",
    "or", "let", "help", "helped", "must", "might", "please", "just", "even", "still", "later", "finally",
}


def _people_delta(a: _Analysis, m: Match) -> bool:
    """'grew the team from 5 to 12 engineers': a team size, not impact."""
    s = a.sents[m.sent]
    people = a.rules.lex("people_units")
    after = s.toks[m.end : m.end + 2]
    inside = s.toks[m.start : m.end]
    if any(t in people for t in after):
        return True
    return "team" in inside or "headcount" in inside or ("hired" in s.toks[max(0, m.start - 3) : m.start])


def _is_message_object(a: _Analysis, m: Match) -> bool:
    """'I wrote them a Slack message' is not a fix."""
    s = a.sents[m.sent]
    msg = a.rules.lex("message_nouns")
    fix_nouns = a.rules.lex("fix_nouns")
    window = s.toks[m.start : min(len(s.toks), m.end + 4)]
    return any(t in msg for t in window) and not any(t in fix_nouns for t in window)


def _handoff(a: _Analysis, own_fix: Sequence[Match]) -> Match | None:
    """An escalation (or 'they handled it') with no fix of one's own."""
    esc = a.of("escalation", allow_not_just=False, subjects=("self", "unknown", "passive"))
    third = a.of("third_party_resolution", allow_not_just=False)
    # An own fix said in the same sentence as the escalation ("... but brought a PR") clears it.
    fix_sents = {m.sent for m in own_fix}
    if own_fix and not third:
        return None
    cands = [m for m in esc if m.sent not in fix_sents]
    if own_fix:
        # Fixed it yourself but someone else "handled it": only flag when it is in the escalation's sentence.
        esc_sents = {m.sent for m in esc}
        cands = [m for m in third if m.sent in esc_sents and m.sent not in fix_sents]
    else:
        cands = cands + third
    return _first(cands)


def _tradeoffs(a: _Analysis) -> Match | None:
    choices = a.of("tradeoff_choice", real=False, allow_not_just=True)
    reasons = a.of("tradeoff_reason", real=False)
    by_sent: dict[int, list[Match]] = {}
    for r in reasons:
        by_sent.setdefault(r.sent, []).append(r)
    strong_markers = ("cost", "expense", "exchange", "sacrific", "trade", "tradeoff", "give", "gave", "defer",
                      "postpon", "punt", "accept", "even", "weigh", "push", "delay", "slip", "bump")
    for c in sorted(choices, key=lambda m: (m.sent, m.start)):
        s = a.sents[c.sent]
        head = s.toks[c.start]
        after = len(s.toks) - c.end
        # The choice must name something: enough words around it.
        if len(s.toks) < 6:
            continue
        if head.startswith(("trade", "tradeoff")) and after < 3:
            continue  # "there were trade-offs" names nothing
        if _compares_amounts(s, c):
            continue  # "two days instead of three weeks" compares numbers, it is not a choice
        same = [r for r in by_sent.get(c.sent, []) if r.start != c.start]
        nxt = by_sent.get(c.sent + 1, []) if c.sent + 1 < len(a.sents) else []
        if same or nxt:
            return c
        if head.startswith(strong_markers) and after >= 3:
            return c
    return _tradeoff_across_split(a, by_sent)


def _compares_amounts(s: _Sent, c: Match) -> bool:
    """'instead of / rather than' right before a number: a before/after comparison."""
    k = next((j for j in range(c.start, c.end) if s.toks[j] in {"instead", "rather", "over", "versus", "vs"}), None)
    if k is None:
        return False
    nxt = [j for j in range(k + 1, min(len(s.toks), k + 5)) if s.toks[j] not in {"of", "than", "the", "a", "about", "around", "roughly"}]
    if not nxt or not (s.is_num[nxt[0]] or s.is_rate[nxt[0]]):
        return False
    if s.is_rate[nxt[0]] or s.is_money[nxt[0]]:
        return s.toks[k] != "over"
    # "three weeks", "4 hours": an amount with a unit ("one big purge" is a thing, not an amount).
    j = nxt[0] + 1
    while j < len(s.toks) and s.is_num[j]:
        j += 1
    return j < len(s.toks) and (s.toks[j] in _TIME_UNITS or s.toks[j] in {"percent", "%", "points", "dollars"})


_TIME_UNITS = {"hours", "hour", "days", "day", "weeks", "week", "minutes", "minute", "months", "month",
               "seconds", "years", "year", "sprints", "sprint", "quarters", "quarter"}


_CHOICE_HEADS = {"chose", "choose", "picked", "opted", "decided", "went", "prioritized", "prioritised", "preferred"}


def _tradeoff_across_split(a: _Analysis, reasons_by_sent: dict[int, list[Match]]) -> Match | None:
    """Run-on speech split mid-choice: a choice verb late in one sentence, "over/instead/rather" at the next's start."""
    for prev, nxt in zip(a.sents, a.sents[1:]):
        if not any(t in _CHOICE_HEADS for t in prev.toks[-8:]):
            continue
        head = next((k for k, t in enumerate(nxt.toks[:4]) if t in {"over", "instead", "rather"}), None)
        if head is not None and reasons_by_sent.get(nxt.index):
            k = max(k for k, t in enumerate(prev.toks) if t in _CHOICE_HEADS)
            return Match("tradeoff_choice", prev.index, k, len(prev.toks), AFFIRMED, False, "unknown", "split choice")
    return None


# --------------------------------------------------------------------------- public API


def _validate(level: str, lp: str, rules: RubricRules) -> None:
    if level not in rules.levels:
        raise BadInputError(f"unknown level {level!r}", f"use one of: {', '.join(sorted(rules.levels))}")
    if lp not in rules.lps:
        raise BadInputError(f"unknown LP {lp!r}", f"use one of: {', '.join(rules.lps)}")


def check(sections: Sequence[Section], level: str, lp: str, rules: RubricRules | None = None) -> RubricResult:
    """Run the rubric on STAR sections (in spoken order) for a level and LP."""
    rules = rules or load_rules()
    _validate(level, lp, rules)
    pairs = [(sent, sec.name) for sec in sections for sent in sec.sentences]
    if not any(sent.text.strip() for sent, _ in pairs):
        raise BadInputError("no answer text to check", "give a transcript with the spoken answer in it")
    return _check_all(_analyse(_repair_roles(pairs), rules), level, lp)


def _repair_roles(pairs: Sequence[tuple[Sentence, str]]) -> list[tuple[Sentence, str]]:
    """Sections are monotonic, so a "situation" that runs past 60% of the words means the
    segmenter found no later section: treat that tail as result (and a late task as action)."""
    total = sum(len(s.text.split()) for s, _ in pairs) or 1
    out: list[tuple[Sentence, str]] = []
    seen = 0
    for sent, role in pairs:
        if seen / total >= 0.6 and role in ("situation", "task"):
            role = "result" if role == "situation" else "action"
        out.append((sent, role))
        seen += len(sent.text.split())
    return out


def check_text(text: str, level: str, lp: str, rules: RubricRules | None = None) -> RubricResult:
    """Convenience: split, segment and check a plain-text answer."""
    from rehearse.segmentation import segment
    from rehearse.text import split_text, typed_text_to_prose

    if not text or not text.strip():
        raise BadInputError("no answer text to check", "give a transcript with the spoken answer in it")
    rules = rules or load_rules()
    _validate(level, lp, rules)
    return check(segment(split_text(typed_text_to_prose(text))), level, lp, rules)


def lp_ids(rules: RubricRules | None = None) -> tuple[str, ...]:
    return tuple((rules or load_rules()).lps)


def analyse_plain(text_or_sentences: str | Sequence[Sentence], rules: RubricRules) -> _Analysis:
    """Matches on an answer without STAR roles (used by the follow-up probes)."""
    from rehearse.text import split_text

    sents = split_text(text_or_sentences) if isinstance(text_or_sentences, str) else list(text_or_sentences)
    return _analyse([(s, None) for s in sents], rules)


from rehearse.probes import PROBES, ProbeGrade, choose_probe, grade_probe  # noqa: E402  (re-export)

__all__ = [
    "CRITERIA", "RED_FLAGS", "LEVELS", "RubricRules", "load_rules", "check", "check_text", "lp_ids",
    "PROBES", "ProbeGrade", "choose_probe", "grade_probe", "inflect",
]
