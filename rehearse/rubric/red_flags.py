"""Red flags no criterion raises on its own: a hand-off instead of a fix, an opportunistic
motive, a result without a number. (we_language, delegated_validation and generic_reflection
come with the criterion whose evidence shows them.)"""

from __future__ import annotations

from rehearse.models import RedFlag
from rehearse.rubric.context import AnswerContext
from rehearse.rubric.signals import find_handoff, first_match, irrealis_strict


def unattached_red_flags(ctx: AnswerContext, metric_passed: bool) -> list[RedFlag]:
    answer = ctx.answer
    flags: list[RedFlag] = []
    handoff = find_handoff(answer, ctx.own_fixes)
    if handoff is not None:
        flags.append(ctx.flag("escalation_handoff", handoff))
    opportunistic = answer.of("opportunistic", real=False, allow_not_just=False)
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
        if vague:
            flags.append(ctx.flag("vague_result", first_match(vague)))
    return flags
