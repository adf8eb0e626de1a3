"""Guard against beam collapse on a committed chunk.

Beam search now and then folds a stretch of speech into one likely word ("so it always bypasses
the cache after a reservation" -> "so it preservation") where the greedy preview of the same
audio heard every word. The collapse is local, so the chunk's word count barely moves (36 words
against the preview's 42): what gives it away is one run of the preview's words that the beam
pass replaced by far fewer. A beam pass that differs by a word or two here and there is usually
the better one (it drops the greedy pass's repeats), so only a long lost run counts.

Beam search may also stop a chunk early and give the skipped speech's time to the last word it
wrote ("... a part of" with "of" at 92.88-95.38 s, where the greedy pass heard "of their
productions, whatever they were"): a last word longer than any word is said gives it away.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

from rehearse.models import Word

# A collapse: one aligned run where the beam pass has at least this many words fewer than the
# preview...
COLLAPSE_MIN_MISSING = 3
# ...and kept under this share of that run's words.
COLLAPSE_SHARE = 0.5


def _plain(words: Sequence[Word]) -> list[str]:
    return [w.text.strip(" .,;:!?\"'-").lower() for w in words]


def longest_lost_run(beam: Sequence[Word], preview: Sequence[Word]) -> int:
    """How many words the beam pass lost in its worst run, aligned on the preview's words."""
    lost = 0
    matcher = SequenceMatcher(a=_plain(preview), b=_plain(beam), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        heard, kept = i2 - i1, j2 - j1
        if tag in ("delete", "replace") and kept < COLLAPSE_SHARE * heard:
            lost = max(lost, heard - kept)
    return lost


def beam_collapsed(beam: Sequence[Word], preview: Sequence[Word]) -> bool:
    """True when the beam pass folded a run of at least ``COLLAPSE_MIN_MISSING`` of the greedy
    preview's words into (almost) nothing. The preview covers the start of the same audio, so
    the beam pass's words past its end are not counted as differences."""
    if len(preview) < COLLAPSE_MIN_MISSING:
        return False
    return longest_lost_run(beam, preview) >= COLLAPSE_MIN_MISSING


# No spoken word lasts this long; a last word that does holds the time of words the decode skipped.
STRETCHED_WORD_S = 1.5


def ends_cut_short(beam: Sequence[Word]) -> bool:
    """True when the pass's last word lasts longer than ``STRETCHED_WORD_S``: it stopped early."""
    if not beam:
        return False
    last = beam[-1]
    return (last.end_s or 0.0) - (last.start_s or 0.0) > STRETCHED_WORD_S
