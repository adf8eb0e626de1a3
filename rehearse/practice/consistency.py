"""Consistency across tellings of one story: numbers that change between takes.

An interviewer who hears "0.3%" in one loop and "3%" in another stops trusting either.
We pull every number with its unit (percent, money, duration, a counted noun) from each
take, normalising the forms speech recognition writes ("zero point three percent",
"0.3 percent", "$8K", "eight thousand dollars", "two weeks"), then flag a value in one take
that the other take states differently for the same unit and context. A paraphrase that
keeps the numbers is not flagged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rehearse.lang.tokens import SCALE_VALUES, TENS_VALUES, UNIT_VALUES

_SUFFIX = {"k": 1_000, "m": 1_000_000, "mm": 1_000_000, "b": 1_000_000_000, "bn": 1_000_000_000}
_CURRENCY = {"dollars": "money", "dollar": "money", "bucks": "money", "usd": "money", "euros": "money",
             "euro": "money", "pounds": "money", "$": "money", "€": "money", "£": "money"}
_PERCENT = {"percent", "per cent", "%", "percentage"}
_POINTS = {"points": "points", "point": "points", "pp": "points", "bps": "basis points", "basis": "basis points"}
# Durations normalise to seconds so "two weeks" equals "fourteen days".
_DURATION = {
    "ms": 0.001, "millisecond": 0.001, "milliseconds": 0.001, "second": 1, "seconds": 1, "sec": 1, "secs": 1,
    "minute": 60, "minutes": 60, "min": 60, "mins": 60, "hour": 3600, "hours": 3600, "hr": 3600, "hrs": 3600,
    "day": 86400, "days": 86400, "week": 604800, "weeks": 604800, "sprint": 1209600, "sprints": 1209600,
    "month": 2629800, "months": 2629800, "quarter": 7889400, "quarters": 7889400, "year": 31557600, "years": 31557600,
}
_MULTIPLIER = {"x", "times", "fold"}
# Words skipped between a number and the noun it counts ("two other teams").
_NOUN_SKIP = {"other", "more", "new", "extra", "additional", "different", "separate", "of", "the", "our", "their",
              "big", "small", "major", "minor", "senior", "junior", "full", "whole", "entire", "key", "large"}
_NOT_NOUNS = {
    "a", "an", "and", "or", "but", "to", "in", "on", "at", "by", "for", "from", "with", "that", "this", "it",
    "is", "was", "were", "we", "i", "they", "so", "then", "per", "each", "every", "about", "around", "which",
    "weekly", "daily", "monthly", "yearly", "annually", "later", "ago", "before", "after", "up", "down",
    "out", "off", "over", "under", "less", "fewer", "again", "back", "as", "of", "than", "too", "very",
}
_STOP = _NOT_NOUNS | {"the", "my", "our", "their", "his", "her", "its", "be", "been", "had", "have", "has",
                      "did", "do", "not", "no", "went", "got", "roughly", "approximately", "nearly", "almost"}
_TOKEN = re.compile(r"[$€£]?\d[\d,]*(?:\.\d+)?(?:[a-zA-Z%]+)?|[$€£%]|[A-Za-z][A-Za-z'\-]*")
_NUMERIC = re.compile(r"^([$€£])?(\d[\d,]*(?:\.\d+)?)([a-zA-Z%]*)$")
_YEAR = re.compile(r"^(19|20)\d\d$")
CONTEXT_WINDOW = 6
QUOTE_WINDOW = 4


@dataclass(frozen=True)
class Fact:
    """One number as said in a take: its value in base units, the unit family, and where."""

    value: float
    unit: str  # "percent", "money", "duration", "multiplier", "points", or a counted noun ("team")
    quote: str
    context: frozenset[str]
    position: int = 0


@dataclass(frozen=True)
class Conflict:
    """The same fact told two ways, with both quotes."""

    unit: str
    take_a: str
    quote_a: str
    value_a: float
    take_b: str
    quote_b: str
    value_b: float

    @property
    def message(self) -> str:
        return f"{self.take_a}: “{self.quote_a}” vs {self.take_b}: “{self.quote_b}”"

    def to_dict(self) -> dict:
        return {
            "unit": self.unit, "take_a": self.take_a, "quote_a": self.quote_a, "value_a": self.value_a,
            "take_b": self.take_b, "quote_b": self.quote_b, "value_b": self.value_b,
        }


def _spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _TOKEN.finditer(text.replace("–", " ").replace("—", " "))]


def _parse_words(words: Sequence[str], start: int) -> tuple[float, int] | None:
    """A spelled-out number at ``start``: ('eight thousand', 2) or ('zero point three', 3)."""
    total, current, i, seen = 0.0, 0.0, start, False
    while i < len(words):
        w = words[i].lower()
        if w in UNIT_VALUES:
            current += UNIT_VALUES[w]
        elif w in TENS_VALUES:
            current += TENS_VALUES[w]
        elif w == "hundred" and seen:
            current = (current or 1) * 100
        elif w in SCALE_VALUES and seen:
            total += (current or 1) * SCALE_VALUES[w]
            current = 0.0
        elif w == "a" and not seen and i + 1 < len(words) and words[i + 1].lower() in SCALE_VALUES:
            current = 1  # "a hundred", "a thousand"
        elif w == "and" and seen and i + 1 < len(words) and (words[i + 1].lower() in UNIT_VALUES or words[i + 1].lower() in TENS_VALUES):
            pass  # "one hundred and twenty"
        elif w == "point" and seen and i + 1 < len(words) and words[i + 1].lower() in UNIT_VALUES:
            digits, j = "", i + 1
            while j < len(words) and words[j].lower() in UNIT_VALUES and UNIT_VALUES[words[j].lower()] < 10:
                digits += str(UNIT_VALUES[words[j].lower()])
                j += 1
            if not digits:
                break
            value = total + current + float("0." + digits)
            # "zero point three million" is rare; scales after a decimal still apply
            if j < len(words) and words[j].lower() in SCALE_VALUES:
                value *= SCALE_VALUES[words[j].lower()]
                j += 1
            return value, j - start
        else:
            break
        seen = seen or w not in ("a", "and")
        i += 1
    if not seen:
        return None
    return total + current, i - start


def _parse_numeric(token: str) -> tuple[float, str, str] | None:
    """'$8K' -> (8000, '$', 'k'); '0.3%' -> (0.3, '', '%'); '2021' -> None (a year)."""
    match = _NUMERIC.match(token)
    if not match:
        return None
    currency, digits, suffix = match.group(1) or "", match.group(2), match.group(3).lower()
    if _YEAR.match(digits) and not currency and not suffix:
        return None
    value = float(digits.replace(",", ""))
    if suffix in _SUFFIX:
        value *= _SUFFIX[suffix]
        suffix = "k-amount"
    return value, currency, suffix


def _singular(word: str) -> str:
    w = word.lower().strip("'")
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("ses") or w.endswith("xes"):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def extract_facts(text: str) -> list[Fact]:
    """Every number in ``text`` with a unit; bare numbers (and years) are ignored."""
    spans = _spans(text)
    words = [text[a:b] for a, b in spans]
    # context stays inside the number's sentence: a neighbour sentence is another fact
    sentence_of, current, previous_end = [], 0, 0
    for a, b in spans:
        if re.search(r"[.!?;]\s", text[previous_end:a] + " "):
            current += 1
        sentence_of.append(current)
        previous_end = b
    lower = [w.lower() for w in words]
    facts: list[Fact] = []
    i = 0
    while i < len(words):
        parsed_numeric = _parse_numeric(words[i])
        currency = ""
        if parsed_numeric is not None:
            value, currency, suffix = parsed_numeric
            length = 1
        else:
            if words[i] in ("$", "€", "£") and i + 1 < len(words):
                inner = _parse_numeric(words[i + 1])
                if inner is not None:
                    value, _c, suffix = inner
                    currency, length = words[i], 2
                else:
                    spelled = _parse_words(words, i + 1)
                    if spelled is None:
                        i += 1
                        continue
                    value, n = spelled
                    currency, suffix, length = words[i], "", 1 + n
            else:
                spelled = _parse_words(words, i)
                if spelled is None:
                    i += 1
                    continue
                value, length = spelled
                suffix = ""
                if lower[i] in ("one", "a") and length == 1:
                    i += 1  # "one of the", "a" alone: not a quantity worth comparing
                    continue
        end = i + length
        unit, unit_len, value = _unit(value, currency, suffix, lower, end)
        if unit is None:
            i = end
            continue
        span_end = end + unit_len
        quote_start, quote_end = max(0, i - QUOTE_WINDOW), min(len(words), span_end + QUOTE_WINDOW)
        context = frozenset(
            _singular(lower[k]) for k in range(max(0, i - CONTEXT_WINDOW), min(len(words), span_end + CONTEXT_WINDOW))
            if sentence_of[k] == sentence_of[i] and lower[k].isalpha() and lower[k] not in _STOP
            and lower[k] not in UNIT_VALUES and lower[k] not in TENS_VALUES and lower[k] not in SCALE_VALUES
        )
        quote = text[spans[quote_start][0] : spans[quote_end - 1][1]]
        facts.append(Fact(value, unit, " ".join(quote.split()), context, i))
        i = span_end
    return facts


def _unit(value: float, currency: str, suffix: str, lower: Sequence[str], end: int) -> tuple[str | None, int, float]:
    """(unit family, tokens the unit used, value in base units) for the number ending at ``end``."""
    nxt = lower[end] if end < len(lower) else ""
    nxt2 = lower[end + 1] if end + 1 < len(lower) else ""
    # a spoken scale after digits: "8 thousand dollars", "2.5 million"
    if nxt in SCALE_VALUES:
        value *= SCALE_VALUES[nxt]
        end += 1
        extra = 1
        nxt, nxt2 = nxt2, (lower[end + 1] if end + 1 < len(lower) else "")
    else:
        extra = 0
    if currency:
        return "money", extra + (1 if nxt in _CURRENCY else 0), value
    if suffix == "%" or nxt in _PERCENT or (nxt == "per" and nxt2 == "cent"):
        return "percent", extra + (2 if nxt == "per" else 0 if suffix == "%" else 1), value
    if nxt in _CURRENCY:
        return "money", extra + 1, value
    if suffix in _MULTIPLIER or nxt in ("x", "times", "fold"):
        return "multiplier", extra + (0 if suffix else 1), value
    if suffix in _DURATION:
        return "duration", extra, value * _DURATION[suffix]
    if nxt in _DURATION:
        return "duration", extra + 1, value * _DURATION[nxt]
    if nxt in _POINTS:
        return _POINTS[nxt], extra + 1, value
    if suffix == "k-amount":
        return "money", extra, value  # "8K a week": amounts with K/M are nearly always money when spoken
    # a counted noun, skipping adjectives: "two other teams" -> team
    j = end
    while j < len(lower) and lower[j] in _NOUN_SKIP and j - end < 2:
        j += 1
    if j < len(lower) and lower[j].isalpha() and lower[j] not in _NOT_NOUNS and lower[j] not in UNIT_VALUES and lower[j] not in TENS_VALUES:
        return _singular(lower[j]), extra + j - end + 1, value
    return None, 0, value


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= max(1e-9, 0.005 * max(abs(a), abs(b)))


def compare(text_a: str, text_b: str, name_a: str = "take A", name_b: str = "take B") -> list[Conflict]:
    """Facts of the same unit and context that two tellings state with different values."""
    facts_a, facts_b = extract_facts(text_a), extract_facts(text_b)
    conflicts: list[Conflict] = []
    for unit in sorted({f.unit for f in facts_a} & {f.unit for f in facts_b}):
        in_a = [f for f in facts_a if f.unit == unit]
        in_b = [f for f in facts_b if f.unit == unit]
        # A value said in both tellings is consistent, wherever it appears.
        only_a = [f for f in in_a if not any(_same(f.value, g.value) for g in in_b)]
        only_b = [g for g in in_b if not any(_same(g.value, f.value) for f in in_a)]
        if not only_a or not only_b:
            continue
        pairs = sorted(
            ((len(f.context & g.context), -abs(f.position - g.position), ia, ib)
             for ia, f in enumerate(only_a) for ib, g in enumerate(only_b)),
            reverse=True,
        )
        used_a: set[int] = set()
        used_b: set[int] = set()
        for overlap, _dist, ia, ib in pairs:
            if ia in used_a or ib in used_b:
                continue
            if overlap == 0:
                continue  # no shared context words: two different facts, not one that changed
            used_a.add(ia)
            used_b.add(ib)
            f, g = only_a[ia], only_b[ib]
            conflicts.append(Conflict(unit, name_a, f.quote, f.value, name_b, g.quote, g.value))
    return sorted(conflicts, key=lambda c: (c.quote_a, c.quote_b))


def check_takes(takes: Sequence[tuple[str, str]]) -> list[Conflict]:
    """Every pair of tellings (``(name, transcript text)``, oldest first) compared once."""
    found: list[Conflict] = []
    for i in range(len(takes)):
        for j in range(i + 1, len(takes)):
            found += compare(takes[i][1], takes[j][1], takes[i][0], takes[j][0])
    return found
