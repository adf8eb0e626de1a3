"""Sentence splitting that works on Whisper output as well as on typed text.

Whisper sometimes drops punctuation and runs sentences together, so besides full stops
we split at long pauses (when times exist), at discourse markers ("so", "after that",
"in hindsight"), at a capitalised opener after a dropped full stop ("... lunch Like one
burrito"), and before a fresh first-person clause ("... logs i found ...") once a unit has
grown long. Pure and deterministic: no I/O, no clocks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rehearse.lang.tokens import norm
from rehearse.models import Sentence, Word

_TERMINAL = re.compile(r"[.!?]+[\"')\]]*$")
_ABBREVIATIONS = {"e.g.", "i.e.", "mr.", "mrs.", "ms.", "dr.", "vs.", "etc.", "approx.", "st.", "u.s."}

# Markers that open a new sentence when speech ran on without punctuation.
DISCOURSE_MARKERS: tuple[tuple[str, ...], ...] = tuple(
    tuple(m.split())
    for m in (
        "so", "then", "and then", "after that", "afterwards", "as a result", "in the end",
        "finally", "eventually", "ultimately", "looking back", "in hindsight", "in retrospect",
        "next time", "what i learned", "i learned", "the lesson", "the result", "the outcome",
        "but", "however", "at the time", "at that point", "first", "second", "third",
        "because of this", "because of that", "that meant", "the problem was", "my task",
        "my goal", "my job", "i realized", "i decided", "i would", "if i did it again",
        "the biggest lesson", "the big lesson", "the main lesson", "the key lesson", "my takeaway",
        "the takeaway", "the main takeaway",
    )
)
# Words after which "I" continues the same clause ("... because I ...").
_CLAUSE_GLUE = {
    "and", "that", "because", "when", "so", "but", "if", "as", "than", "while", "where",
    "which", "who", "until", "since", "before", "after", "what", "how", "why", "once", "or",
    "though", "although", "whether", "unless", "then", "um", "uh", "like", "i",
}

# A marker right after one of these is an ordinal or a noun ("the first segment"), not a new sentence.
_DETERMINERS = {"the", "a", "an", "my", "our", "their", "his", "her", "its", "this", "that", "every", "each", "your",
                "per", "one"}

MIN_SPLIT_WORDS = 4
MAX_RUN_ON_WORDS = 28


def words_from_text(text: str) -> list[Word]:
    """Tokenise plain text into untimed words."""
    return [Word(tok) for tok in text.split()]


def _ends_sentence(word: Word) -> bool:
    t = word.text.strip()
    if not _TERMINAL.search(t):
        return False
    if t.lower() in _ABBREVIATIONS:
        return False
    # "0.3." ends a sentence but "0.3" or "$8.5" does not.
    return not re.fullmatch(r"[$]?\d+(\.\d+)?[%kKmM]?", t)


def _marker_at(normed: Sequence[str], i: int) -> int:
    """Length of the discourse marker starting at position i, or 0."""
    best = 0
    for marker in DISCOURSE_MARKERS:
        n = len(marker)
        if tuple(normed[i : i + n]) == marker and n > best:
            best = n
    return best


_PAST_HINT = re.compile(r"^[a-z]+(ed|ote|ent|ook|ought|uilt|ound|ave|old|ade|ew|an|ot|aid|et|ut|it|ad)$")


def _starts_fresh_clause(normed: Sequence[str], i: int) -> bool:
    """'i' + a past-tense-looking verb, not glued to the previous word."""
    if normed[i] != "i" or i == 0 or i + 1 >= len(normed):
        return False
    if normed[i - 1] in _CLAUSE_GLUE:
        return False
    return bool(_PAST_HINT.match(normed[i + 1])) or normed[i + 1] in {"was", "had", "did", "would", "then"}


# Words that open a sentence and are never capitalised inside one ("I" is always capitalised).
_CAPITAL_OPENERS = {
    "it", "it's", "so", "then", "and", "but", "we", "we're", "they", "they're", "he", "she", "this", "there",
    "there's", "that", "that's", "what", "when", "where", "why", "because", "after", "like", "once", "if",
    "our", "my", "now", "every", "you", "which", "before", "since", "also", "plus", "honestly", "yeah", "okay",
}


def _capital_after_dropped_stop(prev: Word, word: Word) -> bool:
    """Whisper sometimes drops a full stop but keeps the next capital ("... for their lunch Like one
    burrito, two charges"): a capitalised sentence opener after a word with no punctuation."""
    text = word.text.strip().rstrip(".,;:!?")
    bare = re.sub(r"['\u2019]s$", "", text)
    acronym = len(bare) > 1 and bare.isupper()  # "log it with IT", "belong in IT's inventory"
    return text[:1].isupper() and not acronym and norm(text) in _CAPITAL_OPENERS and not prev.text.strip().endswith((",", ";", ":", "-"))


def split_sentences(words: Sequence[Word], pause_split_s: float = 0.8) -> list[Sentence]:
    """Group words into sentences; timed words also split at pauses of ``pause_split_s``."""
    normed = [norm(w.text) for w in words]
    has_punctuation = any(_ends_sentence(w) for w in words)
    units: list[list[Word]] = []
    current: list[Word] = []
    for i, word in enumerate(words):
        if current:
            prev = words[i - 1]
            gap = (
                word.start_s - prev.end_s
                if word.start_s is not None and prev.end_s is not None
                else 0.0
            )
            long_enough = len(current) >= MIN_SPLIT_WORDS
            split = False
            if gap >= pause_split_s and long_enough:
                split = True
            elif (
                long_enough
                and not has_punctuation
                and _marker_at(normed, i)
                and normed[i - 1] not in _CLAUSE_GLUE
                and normed[i - 1] not in _DETERMINERS
            ):
                split = True
            elif (
                # "... much better and after that calls ...": "and" before a marker opens it too.
                long_enough
                and not has_punctuation
                and normed[i] == "and"
                and i + 1 < len(normed)
                and normed[i + 1] != "then"
                and _marker_at(normed, i + 1) > 1
                and normed[i - 1] not in _CLAUSE_GLUE
            ):
                split = True
            elif long_enough and _capital_after_dropped_stop(prev, word):
                split = True
            elif long_enough and _starts_fresh_clause(normed, i) and (
                not has_punctuation or len(current) >= MAX_RUN_ON_WORDS // 2
            ):
                split = True
            elif len(current) >= MAX_RUN_ON_WORDS and normed[i - 1] not in _CLAUSE_GLUE and (
                _marker_at(normed, i) or normed[i] in {"and", "i", "we"}
            ):
                split = True
            if split:
                units.append(current)
                current = []
        current.append(word)
        if _ends_sentence(word):
            units.append(current)
            current = []
    if current:
        units.append(current)
    return [_sentence(u) for u in units if any(norm(w.text) for w in u)]


def _sentence(words: Sequence[Word]) -> Sentence:
    return Sentence(
        text=" ".join(w.text.strip() for w in words).strip(),
        words=tuple(words),
        start_s=words[0].start_s,
        end_s=words[-1].end_s,
    )


def split_text(text: str) -> list[Sentence]:
    """Sentences of a plain-text transcript (no times)."""
    return split_sentences(words_from_text(text))


_BULLET = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s+")


def typed_text_to_prose(text: str) -> str:
    """Typed answers often put one sentence per line or bullet without a full stop; end each line
    with one so the sentence splitter sees it. Speech-recognition text (one line) is unchanged."""
    lines = [_BULLET.sub("", ln).strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln]
    if len(lines) <= 1:
        return " ".join(lines)
    return " ".join(ln if ln[-1] in ".!?:;\"'" else ln + "." for ln in lines)


# Words that make up a fifth or more of any English answer and are rare in other Latin-script languages.
_ENGLISH_FUNCTION_WORDS = frozenset(
    "the a an and or but i we my our me us it its to of in on for with was were is are be been had have has "
    "that this they them their he she you at by from as not so then when what which who would could did do "
    "after before because about into out up".split()
)
_LETTER_RUN = re.compile(r"[^\W\d_]+")
MIN_WORDS_FOR_LANGUAGE = 6


def looks_english(text: str) -> bool:
    """Whether ``text`` is (mostly) English: rehearse's lexicons and segmenter only know English.

    Non-Latin scripts (Chinese, Arabic, Cyrillic...) fail on their letters; a Latin-script text
    of a few words or more needs a normal share of English function words. Short or letter-free
    text passes (the "no answer text" checks handle it).
    """
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return True
    latin = sum(1 for c in letters if c.isascii() or "\u00c0" <= c <= "\u024f")
    if latin / len(letters) < 0.8:
        return False
    words = _LETTER_RUN.findall(text.lower())
    if len(words) < MIN_WORDS_FOR_LANGUAGE:
        return True
    return sum(w in _ENGLISH_FUNCTION_WORDS for w in words) / len(words) >= 0.08
