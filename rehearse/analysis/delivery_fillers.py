"""Fillers (vocal and lexical) and hedges in the Action and Result. Pure.

Whisper drops most "um" and "uh" (a filler-laden prompt kept a few more but cost words, so
neither path uses one), so the vocal count is a lower bound. Lexical fillers ("like", "you know", "basically", "kind of", "sort of",
"I mean", a sentence-opening "so") survive transcription; each has a rule that tells the
filler from the ordinary word ("I'd like", "looks like", "like this", "a kind of bug").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rehearse.analysis.delivery_words import LocatedWord, quote_around
from rehearse.lang.tokens import FILLER_SPELLINGS, FILLER_WORDS
from rehearse.models import FillerRate, Phrase
from rehearse.prompts import DeliveryTargets

# "like" is a verb or a comparison after these ("I'd like", "looks like", "things like").
_LIKE_NOT_AFTER = {
    "i", "we", "you", "they", "he", "she", "i'd", "we'd", "you'd", "they'd", "would", "'d", "don't", "didn't",
    "doesn't", "do", "does", "did", "to", "really", "look", "looks", "looked", "looking", "sound", "sounds",
    "sounded", "feel", "feels", "felt", "seem", "seems", "seemed", "something", "anything", "nothing",
    "things", "stuff", "just", "more", "much", "exactly", "not", "would've", "i'll", "we'll", "people",
}
# "like this", "like a charm": a comparison or example follows.
_LIKE_NOT_BEFORE = {"this", "that", "these", "those", "a", "an", "the", "it", "him", "her", "them", "me", "us", "to"}
# "was like 40 percent" or "it was, like, slow": after a form of "be" the word is a filler.
_BE = {"was", "is", "were", "are", "it's", "that's", "was,", "been", "be"}
# "a kind of bug", "what sort of test": a noun phrase, not a filler.
_KIND_NOT_AFTER = {"a", "an", "the", "this", "that", "what", "some", "any", "which", "every", "each", "same",
                   "one", "my", "our", "your", "these", "those", "different", "other"}
_SO_NOT_BEFORE = {"far", "much", "many", "that"}

HEDGES: tuple[tuple[str, ...], ...] = (
    ("i", "think"), ("maybe",), ("i", "guess"), ("sort", "of"), ("kind", "of"),
    ("we", "tried", "to"), ("i", "tried", "to"), ("probably",),
)
HEDGE_SECTIONS = ("action", "result")


def _comma_after(w: LocatedWord) -> bool:
    return w.word.text.rstrip().endswith(",")


def _is_like_filler(words: Sequence[LocatedWord], i: int) -> bool:
    prev = words[i - 1] if i > 0 and not words[i].opens_sentence else None
    nxt = words[i + 1] if i + 1 < len(words) and not words[i].closes_sentence else None
    set_off = _comma_after(words[i]) or (prev is not None and _comma_after(prev))
    if prev is None:
        return set_off  # "Like, we had no alerts."
    if prev.token in _LIKE_NOT_AFTER:
        return False
    if nxt is not None and nxt.token in _LIKE_NOT_BEFORE and not set_off:
        return False
    return set_off or prev.token in _BE or prev.token in {"and", "but", "so", "um", "uh"}


def filler_at(words: Sequence[LocatedWord], i: int) -> tuple[str, int] | None:
    """The filler starting at word ``i`` and its length in words, or None."""
    w = words[i]
    t = w.token
    nxt = words[i + 1] if i + 1 < len(words) else None
    prev = words[i - 1] if i > 0 else None
    if t in FILLER_WORDS:
        return FILLER_SPELLINGS.get(t, t), 1
    if t == "basically":
        return "basically", 1
    if t == "like" and _is_like_filler(words, i):
        return "like", 1
    # Sentence-initial by the speaker's punctuation: the splitter also starts sentences at a
    # mid-clause "so" ("six weeks away, so I wanted"), which is a conjunction, not a filler.
    initial = prev is None or prev.ends_with_stop or prev.section != w.section
    if t == "so" and initial and not w.closes_sentence and (nxt is None or nxt.token not in _SO_NOT_BEFORE):
        return "so", 1
    if nxt is None or nxt.sentence != w.sentence:
        return None
    pair = (t, nxt.token)
    asked = prev is not None and prev.token in {"do", "did", "don't", "didn't", "if", "whether"}
    if pair == ("you", "know") and (_comma_after(nxt) or nxt.closes_sentence) and not asked:
        return "you know", 2
    if pair == ("i", "mean") and (_comma_after(nxt) or w.opens_sentence) and (prev is None or prev.token != "what"):
        return "i mean", 2
    if pair in (("kind", "of"), ("sort", "of")) and (prev is None or prev.token not in _KIND_NOT_AFTER):
        return " ".join(pair), 2
    return None


def find_fillers(words: Sequence[LocatedWord]) -> list[Phrase]:
    hits = []
    i = 0
    while i < len(words):
        found = filler_at(words, i)
        if found is None:
            i += 1
            continue
        name, length = found
        hits.append(Phrase(name, quote_around(words, i, i + length), words[i].section, words[i].word.start_s))
        i += length
    return hits


def count_fillers(hits: Sequence[Phrase]) -> dict[str, int]:
    return dict(sorted(Counter(h.phrase for h in hits).items()))


def judge_fillers(
    hits: Sequence[Phrase], minutes: float, section_minutes: dict[str, float], targets: DeliveryTargets
) -> FillerRate:
    """Too many when the answer's rate is over the threshold; the worst section is named."""
    rate = len(hits) / minutes if minutes else 0.0
    per_section = {
        name: round(sum(h.section == name for h in hits) / m, 2) for name, m in section_minutes.items() if m > 0
    }
    worst = max((n for n, r in per_section.items() if r > 0), key=lambda n: per_section[n], default=None)
    verdict = "too_many" if rate > targets.fillers_max_per_min else "ok"
    advice = ""
    if verdict == "too_many":
        top = Counter(h.phrase for h in hits).most_common(2)
        said = ", ".join(f"“{p}” ×{n}" for p, n in top)
        advice = (
            f"{len(hits)} fillers, {rate:.1f} a minute (over {targets.fillers_max_per_min:g}), most in the {worst}: {said}. "
            "Swap each for a short silent pause."
        )
    return FillerRate(verdict, targets.fillers_max_per_min, per_section, worst, advice)


_HEDGES_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _hedge in HEDGES:
    _HEDGES_BY_FIRST.setdefault(_hedge[0], []).append(_hedge)


def find_hedges(words: Sequence[LocatedWord], sections: Sequence[str] = HEDGE_SECTIONS) -> list[Phrase]:
    """Hedges that undercut ownership, where the interviewer listens for it: action and result."""
    hits = []
    i = 0
    while i < len(words):
        candidates = _HEDGES_BY_FIRST.get(words[i].token, ()) if words[i].section in sections else ()
        for hedge in candidates:
            span = words[i : i + len(hedge)]
            if tuple(w.token for w in span) != hedge or any(w.section != span[0].section for w in span):
                continue
            if hedge in (("kind", "of"), ("sort", "of")) and i > 0 and words[i - 1].token in _KIND_NOT_AFTER:
                continue
            hits.append(Phrase(" ".join(hedge), quote_around(words, i, i + len(hedge)), words[i].section,
                               words[i].word.start_s))
            i += len(hedge) - 1
            break
        i += 1
    return hits


def hedge_advice(hedges: Sequence[Phrase]) -> str:
    if not hedges:
        return ""
    first = hedges[0]
    return (
        f"{len(hedges)} hedge{'s' if len(hedges) != 1 else ''} in the action and result "
        f"(“{first.phrase}” in the {first.section}): say what you did and what happened, without “{first.phrase}”."
    )
