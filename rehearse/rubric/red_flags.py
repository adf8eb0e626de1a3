"""Red flags no criterion raises on its own: a hand-off instead of a fix, an opportunistic
motive or an idle workload, a result without a number or told as a feeling. (we_language,
delegated_validation and generic_reflection come with the criterion whose evidence shows them.)"""

from __future__ import annotations

from rehearse.models import RedFlag
from rehearse.rubric.answer import AnswerAnalysis
from rehearse.rubric.context import AnswerContext
from rehearse.rubric.matching import Match
from rehearse.rubric.motive import idle_motive, not_a_motive
from rehearse.rubric.outcomes import sentiment_in_result
from rehearse.rubric.signals import customer_impacted, find_handoff, first_match, irrealis_strict, is_counted


def unattached_red_flags(ctx: AnswerContext, metric_passed: bool) -> list[RedFlag]:
    answer = ctx.answer
    flags: list[RedFlag] = []
    handoff = find_handoff(answer, ctx.own_fixes)
    if handoff is not None:
        flags.append(ctx.flag("escalation_handoff", handoff))
    # ("patients were bored of waiting": someone else's boredom is no motive of the speaker's)
    opportunistic = [m for m in answer.of("opportunistic", real=False, allow_not_just=False)
                     if not not_a_motive(answer.sents[m.sent], m.start)
                     and not _someone_elses_boredom(answer, m)]
    opportunistic = opportunistic or [m for m in [idle_motive(answer)] if m is not None]
    if opportunistic:
        flags.append(ctx.flag("opportunistic_motivation", first_match(opportunistic)))
    if not metric_passed:
        # Any section but the opening: segmentation may leave a short tail inside the situation.
        opening = {x.index for x in ctx.opening[:2]}
        vague = [m for m in answer.of("vague_result", real=False, allow_not_just=False)
                 if (answer.sents[m.sent].role != "situation" or m.sent not in opening) and not irrealis_strict(answer, m)]
        # "We successfully rebuilt trust", "it paid off significantly": a claim with no number in its clause.
        vague += [m for m in answer.of("vague_claim", ("result",), allow_not_just=False)
                  if not any(x for j, x in enumerate(answer.sents[m.sent].is_num)
                             if answer.sents[m.sent].clause[j] == answer.sents[m.sent].clause[m.start])]
        # "everybody was pretty relieved": a result told as a feeling.
        sentiment = sentiment_in_result(answer)
        # ("about a hundred and twenty students had their aid released ... she said, 'Thank you.'")
        if sentiment is not None and not _customers_counted_in_result(answer):
            vague.append(sentiment)
        if vague:
            flags.append(ctx.flag("vague_result", first_match(vague)))
    return flags


def _customers_counted_in_result(answer: AnswerAnalysis) -> bool:
    """The Result counts the customers it reached ("120 students had their aid released"): an impact
    number, so a feeling told beside it is no vague result."""
    return any(is_counted(answer, m) and customer_impacted(answer, m)
               for m in answer.of("customer_impact", ("result",), real=False))


_BE_FORMS = frozenset({"was", "were", "is", "are", "been", "being", "got", "get"})


_SLOW = frozenset({"slow", "quiet", "light", "calm", "dead"})
_PREPOSITIONS = (["in"], ["on"], ["at"], ["for"], ["by"], ["during"], ["with"], ["to"])
_THIRD_PERSON_BE = frozenset({"she's", "he's", "they're", "she", "he", "they"})


def _someone_elses_boredom(answer: AnswerAnalysis, m: Match) -> bool:
    """"Patients were bored of waiting", "most of the beds were free by the afternoon": someone or
    something else's idle state, not the speaker's motive ("I was bored", "I was free that week" are)."""
    s = answer.sents[m.sent]
    speakers = answer.rules.lexes("i_forms", "we_forms")
    if "bored" in s.toks[m.start:m.end]:
        return not any(t in speakers for t in s.toks[:m.start])
    # "what if she's still slow in week three?": a person slow at something, not a slow week
    if s.toks[m.start] in _SLOW and (s.toks[m.start + 1:m.start + 2] in _PREPOSITIONS or any(
            t in _THIRD_PERSON_BE for t in s.toks[max(0, m.start - 3):m.start])):
        return True
    # a state told of a subject: "<subject> were (actually) free"
    before = s.toks[max(0, m.start - 3):m.start]
    if s.toks[m.start] in {"free", "spare", "idle"} and any(t in _BE_FORMS for t in before):
        subject = s.toks[max(0, m.start - 8):m.start]
        return not any(t in speakers for t in subject)
    return False
