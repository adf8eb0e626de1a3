"""Long pauses: where they fall (inside a sentence, between sentences, between sections)
and whether they set up a number (deliberate) or are dead air. Pure."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from rehearse.analysis.delivery_words import LocatedWord, quote_around
from rehearse.lang.tokens import QUANTITY_WORDS, RATE_WORDS
from rehearse.models import Pause, Phrase

# Spoken numbers and rates ("forty", "half", "percent"); digits are numbers too.
NUMBER_WORDS = QUANTITY_WORDS | RATE_WORDS
_DIGIT = re.compile(r"\d")
# A pause counts as setting up a number when one comes within this many words after it.
NUMBER_LOOKAHEAD = 4


def is_number(token: str) -> bool:
    return bool(_DIGIT.search(token)) or token in NUMBER_WORDS


def find_pauses(words: Sequence[LocatedWord], threshold_s: float) -> list[Pause]:
    pauses = []
    for i, (prev, nxt) in enumerate(pairwise(words)):
        if prev.word.end_s is None or nxt.word.start_s is None:
            continue
        gap = nxt.word.start_s - prev.word.end_s
        if gap < threshold_s:
            continue
        if prev.section != nxt.section:
            where = "between_sections"
        elif prev.ends_with_stop:
            # Punctuation, not the sentence splitter: it splits at every long pause.
            where = "between_sentences"
        else:
            where = "inside_sentence"
        after = words[i + 1 : i + 1 + NUMBER_LOOKAHEAD]
        kind = "deliberate" if any(is_number(w.token) for w in after) else "dead_air"
        pauses.append(
            Pause(
                start_s=round(prev.word.end_s, 2),
                duration_s=round(gap, 2),
                where=where,
                kind=kind,
                section=nxt.section,
                before=" ".join(w.word.text for w in after),
            )
        )
    return pauses


# Words that cannot end a phrase: cut off after one and started again, they are a restart
# ("our, the churn", "we, I decided"); "after that, the" or "and so, my" are not.
_RESTART_WORDS = {"i", "we", "they", "he", "she", "the", "a", "an", "our", "my", "their", "his", "its", "to"}
HESITATION_SOUNDS = {"um", "uh", "er", "ah", "hmm", "mm", "uh-huh"}


def find_hesitations(words: Sequence[LocatedWord], pause_s: float, sounds: Sequence[Phrase] = ()) -> list[Phrase]:
    """Hesitations that survive transcription: um/uh that Whisper kept (``sounds``), restarts
    ("our, the", "I I") and silences of ``pause_s`` or more in the middle of a clause."""
    found = [p for p in sounds if p.phrase in HESITATION_SOUNDS]
    for i, (prev, nxt) in enumerate(pairwise(words)):
        text = prev.word.text.rstrip()
        if prev.token in _RESTART_WORDS and (
            nxt.token == prev.token or (text.endswith(("," , "-", "—")) and nxt.token in _RESTART_WORDS)
        ):
            found.append(Phrase("restart", quote_around(words, i, i + 2), prev.section, prev.word.start_s))
            continue
        if prev.word.end_s is None or nxt.word.start_s is None or prev.ends_with_stop or prev.section != nxt.section:
            continue
        if nxt.word.start_s - prev.word.end_s >= pause_s and not is_number(nxt.token):
            found.append(Phrase("silent pause", quote_around(words, i, i + 2), prev.section, prev.word.end_s))
    return sorted(found, key=lambda p: (p.start_s is None, p.start_s or 0.0))


def pause_advice(pauses: Sequence[Pause]) -> str:
    """One or two short sentences: what the long pauses did and what to do instead."""
    if not pauses:
        return ""
    dead = [p for p in pauses if p.kind == "dead_air"]
    mid = [p for p in dead if p.where == "inside_sentence"]
    deliberate = [p for p in pauses if p.kind == "deliberate"]
    parts = []
    if mid:
        p = max(mid, key=lambda x: x.duration_s)
        parts.append(
            f"You stopped for {p.duration_s:.1f} s mid-sentence before “{p.before}”: "
            "finish the thought, then pause, so it sounds like thinking rather than losing the thread."
        )
    elif dead:
        parts.append(
            f"{len(dead)} long silence{'s' if len(dead) != 1 else ''} between sentences or sections: "
            "fine to breathe, but keep them under 2 s or bridge with “the next step was…”."
        )
    if deliberate:
        p = deliberate[0]
        parts.append(f"The pause before “{p.before}” sets up a number: keep that one.")
    return " ".join(parts)
