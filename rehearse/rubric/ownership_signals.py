"""Who checked the fix, who made it, and whose problem it was, from clause structure and word
classes (``prompts/rubric.toml``) rather than phrases. Each finder returns a ``Match`` to quote.

- verification by observation: the speaker (subject I) counts, times, weighs, samples, pulls or
  compares outcome data with a sign that it checks the change: "myself" / "by hand", a checking
  purpose ("to see if it made a difference"), or a follow-up time after the change ("every Monday",
  "two mornings later"). In a people story this is how the outcome gets checked;
- a trusted report: someone else vouches for the fix ("their engineer told me it had been tested")
  or is asked to check it ("I asked the coordinators to confirm ..."): delegated validation when the
  speaker checked nothing;
- a routing hand-off: the speaker routes the problem (escalates, messages, emails, calls, opens a
  case) and soon after someone else fixes it, with no fix of the speaker's own in between;
- a scope statement: nobody as the subject of owning, assigning or logging the problem ("no one in
  the school had been assigned to ..."), or the problem placed with another owner ("was the
  responsibility of the district office", "sits under the revenue cycle department, not under me").
"""

from __future__ import annotations

from collections.abc import Sequence

from rehearse.models import Evidence
from rehearse.rubric.answer import AnswerAnalysis
from rehearse.rubric.clauses import SentenceTokens
from rehearse.rubric.doers import (
    ROLE_HEADS,
    doer,
    irrealis_before,
    is_verb_use,
    requested_of_other,
)
from rehearse.rubric.matching import Match
from rehearse.rubric.rules import AFFIRMED

_PERSONAL = {"myself", "personally", "firsthand"}
_PERSONAL_PAIRS = {("by", "hand"), ("in", "person"), ("my", "own"), ("first", "hand")}
_CHECK_PURPOSE = {"see", "check", "confirm", "verify", "make", "ensure", "know", "prove", "test", "measure"}
_CLAUSE_COMPLEMENTS = {"if", "whether", "that", "sure", "how", "it", "the", "they", "we", "whatever"}


def _match(category: str, s: SentenceTokens, start: int, end: int, subject: str, how: str) -> Match:
    return Match(category, s.index, start, min(end, len(s.toks)), AFFIRMED, False, subject, how)


# --------------------------------------------------------------------------- verification


def _personal(a: AnswerAnalysis, s: SentenceTokens) -> bool:
    """'myself', 'by hand', 'in person', or being there: "I sat with the night shift and watched ..."."""
    toks = s.toks
    if any(t in _PERSONAL for t in toks) or any((x, y) in _PERSONAL_PAIRS for x, y in zip(toks, toks[1:])):
        return True
    presence = a.rules.lex("presence_verbs")
    return any(t in presence and doer(a, s, j) == "self" for j, t in enumerate(toks))


def _check_purpose(s: SentenceTokens, k: int) -> bool:
    """'... to see if it made a difference', 'to make sure', 'so I knew the delay wasn't hiding ...'."""
    toks = s.toks
    for j in range(k + 1, len(toks) - 1):
        if toks[j] not in {"to", "so"}:
            continue
        rest = toks[j + 1:j + 5]
        if rest[0] in {"i", "we"}:
            if rest[1:2] and rest[1] in {"knew", "could", "saw", "know", "can"}:
                return True
        elif rest[0] in {"i'd", "we'd"} and rest[1:2] == ["know"]:
            return True  # "... carried the samples to the state lab myself, so I'd know the numbers were real"
        elif rest[0] in _CHECK_PURPOSE and rest[1:2] and rest[1] in _CLAUSE_COMPLEMENTS and (
                rest[0] != "make" or "sure" in rest):
            return True
        elif rest[:2] in (["be", "sure"], ["be", "certain"]):
            return True  # "to be sure the numbers were right"
    return False


_BREAKS = frozenset({"crash", "crashed", "fail", "failed", "break", "broke", "drop", "dropped", "slip", "slipped", "bounce"})


def _held_up(s: SentenceTokens) -> bool:
    """"... and it didn't crash once", "none of them failed", "all twenty opened": the trial's
    outcome, observed."""
    toks = s.toks
    # ("... and you could hear everything clearly": the trial's outcome, perceived)
    perceived = any(t == "could" and toks[j + 1:j + 2] and toks[j + 1] in _PERCEIVE and any(
        x in {"everything", "every", "all", "clearly"} for x in toks[j + 2:j + 5]) for j, t in enumerate(toks))
    return perceived or any(t in {"didn't", "never", "not", "none", "nothing"} and any(x in _BREAKS for x in toks[j + 1:j + 3])
                            for j, t in enumerate(toks)) or any(
        t in {"all", "every", "each", "both"} and any(x in _WORKED for x in toks[j + 1:j + 4]) for j, t in enumerate(toks))


_PERCEIVE = frozenset({"hear", "see", "read", "understand", "follow"})


_WORKED = frozenset({"worked", "opened", "passed", "held", "matched", "loaded", "cleared", "printed", "scanned",
                     "balanced", "connected", "synced", "arrived", "landed"})


def _follow_up_time(a: AnswerAnalysis, s: SentenceTokens) -> bool:
    """'every Monday', 'two mornings later', 'again', 'afterwards'; not "every time" (= whenever)."""
    toks = s.toks
    units = a.rules.lex("time_units") | a.rules.lex("weekdays")
    return any(t in a.rules.lex("follow_up_markers") for t in toks) or any(
        x in {"every", "each"} and y != "time" and (y in units or s.is_num[j + 1])
        for j, (x, y) in enumerate(zip(toks, toks[1:])))


def first_change(a: AnswerAnalysis) -> tuple[int, int] | None:
    """(sentence, token) of the first change or build after the setting, by anyone."""
    # (the task says what the speaker set out to change, "assigned me to fix it": not a change made)
    hits = [(m.sent, m.start) for m in a.matches.get("own_fix", [])
            if a.sents[m.sent].role not in ("situation", "task") and is_verb_use(a.sents[m.sent], m.start)]
    return min(hits) if hits else None


def _first_fix_word(a: AnswerAnalysis) -> tuple[int, int] | None:
    """(sentence, token) of the first fix verb by anyone after the opening sentence ("they swapped
    the chargers"), for answers whose segmentation left everything in the setting."""
    fixes = a.rules.lexes("third_party_fix_verbs", "own_fix_verbs")
    return next(((s.index, k) for s in a.sents[1:] for k, t in enumerate(s.toks)
                 if t in fixes and is_verb_use(s, k)), None)


def _change_point(a: AnswerAnalysis) -> tuple[int, int] | None:
    """The first change, or an earlier fix verb in the action ("we re-sent corrected instructions")."""
    change, fix_word = first_change(a), _first_fix_word(a)
    in_story = [p for p in (change, fix_word) if p is not None and a.sents[p[0]].role not in ("situation", "task")]
    return min(in_story) if in_story else change or fix_word


def _own_fix_word(a: AnswerAnalysis) -> tuple[int, int] | None:
    """(sentence, token) of the speaker's first fix verb in the action ("I wrote a new schedule");
    not a passive "before anything was reissued"."""
    fixes = a.rules.lexes("third_party_fix_verbs", "own_fix_verbs")
    return next(((s.index, k) for s in a.sents if s.role == "action" for k, t in enumerate(s.toks)
                 if t in fixes and is_verb_use(s, k) and doer(a, s, k) == "self"), None)


def verification_by_observation(a: AnswerAnalysis) -> Match | None:
    """The speaker personally looked at the outcome after the change: "I counted the trucks in the
    queue myself two mornings later", "I pulled the roster every two weeks to see who was still there"."""
    verbs, looks, negators = a.rules.lex("observation_verbs"), a.rules.lex("look_verbs"), a.rules.lex("negators")
    data = a.rules.lex("data_nouns")
    change_at = first_change(a)
    # A task states a goal, not a step: the first step is the first action sentence when there is one
    # ("I sat in the pharmacy watching" right after "my goal was ..." is diagnosis, not a check).
    first_step = next((x.index for x in a.sents if x.role == "action"),
                      next((x.index for x in a.sents if x.role == "task"), 0))
    for s in a.sents:
        if s.role == "situation":
            continue
        for k, t in enumerate(s.toks):
            # ("went through the file", "go line by line through the bank file")
            reach = k + 6 if s.toks[k + 1:k + 4] == ["line", "by", "line"] else k + 3
            looked = (t in looks and any(x in {"through", "over", "at"} for x in s.toks[k + 1:reach])) or (
                s.base[k] in {"kept", "keep", "keeping"} and s.toks[k + 1:k + 3] == ["an", "eye"]) or (
                t in {"ran", "run", "reran", "rerun"} and any(x in data for x in s.toks[k + 1:k + 4]))
            if not looked and not ((t in verbs or s.base[k] in verbs) and is_verb_use(s, k)):
                continue
            # "checked in with", "tracked down", "pulled the team together" check nothing ("ticking off
            # every cul-de-sac" goes down a list)
            if s.toks[k + 1:k + 2] in (["in"], ["down"], ["together"], ["off"]) and not s.base[k].startswith("tick"):
                continue
            if consults_person(a, s, k) or _watches_a_person(s, k):
                continue
            # A past-tense check labelled reflection is a segmentation slip; "I'd check" is a proposal.
            if s.role == "reflection" and not t.endswith("ed"):
                continue
            if doer(a, s, k) != "self" or irrealis_before(a, s, k) or requested_of_other(a, s, k):
                continue
            if any(s.toks[j] in negators for j in range(max(0, k - 5), k) if s.clause[j] == s.clause[k]):
                continue
            # With no change found, anything after the first step of the action counts as after it.
            # ">=": a check word the change finder took for the change itself ("ran the flow") is still after it.
            after = (s.index, k) >= change_at if change_at is not None else s.index > first_step
            if _check_purpose(s, k) or (after and (_personal(a, s) or _follow_up_time(a, s))):
                return _match("verification", s, k, k + 1, "self", "observation")
    return None


_ASKING_VERBS = frozenset({"called", "phoned", "rang", "asked", "surveyed", "texted", "emailed", "visited"})


def verification_by_asking(a: AnswerAnalysis) -> Match | None:
    """Some time after the change the speaker asked the people it was for what they now got: "A week
    after he'd finished, I called Edna and four of the other homebound members and asked each of them
    what they could hear". In a people story that is checking the outcome (spec); asking a colleague
    whether it is fixed is not (no customer is asked)."""
    change_at = first_change(a) or _first_fix_word(a)
    if change_at is None:
        return None
    customers = a.rules.lex("customer_words")
    for s in a.sents:
        if s.role in ("situation", "task", "reflection") or s.index < change_at[0] or not _follow_up_time(a, s):
            continue
        for k, t in enumerate(s.toks):
            if t in _ASKING_VERBS and (s.index, k) > change_at and doer(a, s, k) == "self" \
                    and any(x in customers for x in s.toks[k + 1:k + 10]) and not _asked_to_act(s, k):
                return _match("verification", s, k, k + 1, "self", "asked those affected")
    return None


def _asked_to_act(s: SentenceTokens, k: int) -> bool:
    """'asked one of the customers to push her return through again': a request (their check), not
    a question about what they got."""
    ahead = s.toks[k + 1:k + 16]
    question = next((j for j, x in enumerate(ahead) if x in {"what", "whether", "if", "how"}), len(ahead))
    return "to" in ahead[:question]


def verification_by_purpose(a: AnswerAnalysis) -> Match | None:
    """A step the speaker took after the change, done to check it: "Afterwards I called the line myself
    a dozen times to make sure it routed to Spanish", "I re-ran the three months through the corrected
    rule to make sure it held". The step may be any verb; the purpose says it was a check."""
    # (the change may be someone else's: "the vendor swapped the headsets. After that I sat in the lane ...")
    change_at = first_change(a) or _first_fix_word(a)
    if change_at is None:
        return None
    i_forms, negators, requests = a.rules.lex("i_forms"), a.rules.lex("negators"), a.rules.lex("request_verbs")
    parties = a.rules.lex("other_subjects") | a.rules.lex("other_agents") | a.rules.lex("owner_groups")
    for s in a.sents:
        if s.role in ("situation", "reflection") or s.index < change_at[0]:
            continue
        for k in range(1, len(s.toks)):
            if s.toks[k - 1] not in i_forms or not is_verb_use(s, k) or (s.index, k) <= change_at:
                continue
            if s.toks[k] in negators or s.base[k] in requests or irrealis_before(a, s, k) or requested_of_other(a, s, k):
                break  # "I asked the other team to test it": the check is theirs
            if _checking_purpose(s, k, parties) and (_personal(a, s) or _follow_up_time(a, s) or s.index > change_at[0]):
                return _match("verification", s, k, k + 1, "self", "purpose")
            # "I cast my own cylinders myself so I could compare", "I played the build myself for a
            # day, and it didn't crash once": a trial of one's own, told with what it was for or showed.
            shown = _held_up(s) or (s.index + 1 < len(a.sents) and _held_up(a.sents[s.index + 1]))
            if _personal(a, s) and (_check_purpose(s, k) or shown):
                return _match("verification", s, k, k + 1, "self", "own trial")
            break  # only the sentence's first own verb
    return None


def _checking_purpose(s: SentenceTokens, k: int, parties: frozenset[str]) -> bool:
    """After the verb at k: "to make sure", "to confirm", "to check", "to verify", "to see if / whether";
    not "to ensure they felt heard" (a goal), "had to ..." (an obligation), nor "trusted them to test it"
    (someone else's check: another party right before "to")."""
    toks = s.toks
    if s.base[k] in {"have", "had", "has", "need", "needed", "want", "wanted", "try", "tried", "go", "went"}:
        return False
    for j in range(k + 1, len(toks) - 1):
        if toks[j] != "to":
            continue
        if toks[j - 1] in parties:
            return False
        nxt = toks[j + 1:j + 3]
        if nxt[:1] in (["confirm"], ["check"], ["verify"], ["test"], ["prove"]) or nxt in (
                ["make", "sure"], ["be", "sure"], ["be", "certain"]) or (
                nxt[:1] == ["see"] and nxt[1:] and nxt[1] in {"if", "whether"}):
            return True
    return False


def _acted_on_word(a: AnswerAnalysis, s: SentenceTokens, k: int) -> bool:
    """'our manager told me he was doing a lot better, so I took that as a sign it was working': a report
    that things improved, which the speaker then acted on in the same sentence (trusted, not checked)."""
    toks, speakers = s.toks, a.rules.lexes("i_forms", "we_forms")
    better = next((j for j in range(k + 1, len(toks)) if toks[j] in {"better", "improved", "improving"}), None)
    if better is not None and any(toks[j] == "so" and toks[j + 1:j + 2] and toks[j + 1] in speakers
                                  for j in range(better + 1, len(toks))):
        return True
    # "They told me the system was updated, so I closed the items out": the report is all the check there was.
    then = next((j for j in range(k + 1, len(toks) - 1) if toks[j] == "so" and toks[j + 1] in speakers), None)
    if then is None:
        return False
    reported = toks[k + 1:then]
    closing, troubled = a.rules.lex("closing_verbs"), a.rules.lexes("negators", "customer_pain")
    return any(t in a.rules.lex("settled_words") for t in reported) and not any(t in troubled for t in reported) \
        and any(toks[j] in closing or s.base[j] in closing for j in range(then + 2, min(len(toks), then + 5)))


def consults_person(a: AnswerAnalysis, s: SentenceTokens, k: int) -> bool:
    """'checked with my lead whether we should call', 'confirmed with the vendor': asking someone, which
    checks no data."""
    if s.toks[k + 1:k + 2] != ["with"]:
        return False
    people = a.rules.lex("other_subjects") | a.rules.lex("other_agents") | a.rules.lex("owner_groups")
    return any(t in people or t.endswith("'s") for t in s.toks[k + 2:k + 5])


def _watches_a_person(s: SentenceTokens, k: int) -> bool:
    """'I shadowed him the next time', 'observed her for a week': time spent beside one person (coaching),
    not a look at outcome data; "watched her deposit a check" (a task done in front of the speaker) still counts."""
    if s.toks[k + 1:k + 2] not in (["him"], ["her"]):
        return False
    return k + 2 >= len(s.toks) or s.toks[k + 2] in {
        "the", "a", "for", "on", "at", "in", "during", "while", "and", "next", "every", "each", "once", "twice", "again"}


def checks_only_before_handover(a: AnswerAnalysis, own: list[Match], delegated: list[Match]) -> bool:
    """The speaker's own checks all came before the change (diagnosis: "I compared the references"),
    and the change itself was then tested by others ("they tested it in their UAT and told me it was
    fine"): the fix was validated by someone else (spec: delegated_validation). `delegated` holds explicit
    testing by others only, not a report that people were pleased."""
    # ("their support team found a mapping error and corrected it": a fix by the other side also counts)
    change_at = first_change(a) or _own_fix_word(a) or _first_fix_word(a)
    if change_at is None or not own or not delegated:
        return False
    # Reproducing or testing it oneself is verification in the spec's own words, whenever it happened.
    if any(a.sents[m.sent].base[m.start].startswith(("reproduc", "repro", "test", "replay", "retest")) for m in own):
        return False
    return all((m.sent, m.start) < change_at for m in own) and any((m.sent, m.start) > change_at for m in delegated)


_PASSIVE_AUX = frozenset({"was", "were", "got", "been", "being", "be", "is", "are"})
_SELF_AGENTS = frozenset({"me", "myself", "us", "ourselves"})
_PASSIVE_CHECKS = frozenset({"checked", "tested", "verified", "validated", "confirmed", "approved", "signed",
                             "retested", "rechecked", "qa'd", "cleared"})


def checked_by_other(a: AnswerAnalysis) -> Match | None:
    """A check told in the passive with someone else as its agent, after the change: "the new blend
    was checked by the dealer's lab", "the rebuilt stoppings were tested by the ventilation engineer".
    Not "checked by me", and not a proposal in the reflection ("should be signed off by payroll")."""
    checks = a.rules.lex("observation_verbs") | _PASSIVE_CHECKS
    change_at = first_change(a) or _first_fix_word(a)
    for s in a.sents:
        if s.role in ("situation", "task") or (s.role == "reflection" and not any(t in {"was", "were"} for t in s.toks)):
            continue
        toks = s.toks
        for k in range(1, len(toks) - 2):
            if not (toks[k].endswith("ed") and (toks[k] in checks or s.base[k] in checks)):
                continue
            if not any(toks[j] in _PASSIVE_AUX for j in range(max(0, k - 3), k)):
                continue
            by = next((j for j in range(k + 1, min(len(toks) - 1, k + 5)) if toks[j] == "by"), None)
            if by is None or toks[by + 1] in _SELF_AGENTS or toks[by + 1] in {"hand", "eye"}:
                continue
            if change_at is not None and (s.index, k) < change_at:
                continue
            return _match("delegated_validation", s, k, by + 4, "other", "passive check")
    return None


def trusted_report(a: AnswerAnalysis) -> Match | None:
    """Someone else vouches for the fix ("their engineer told me the update had been tested",
    "maintenance said it was fine") or is asked to check it ("I asked the coordinators to confirm ...",
    "had the analytics team verify it"); "I never got to test it" has no one else in it."""
    rules = a.rules
    report, vouch = rules.lex("report_verbs"), rules.lex("vouch_words")
    ask, checks, negators = rules.lex("request_verbs"), rules.lex("check_verbs"), rules.lex("negators")
    change_at = _change_point(a)
    for s in a.sents:
        toks = s.toks
        for k, t in enumerate(toks):
            # About the fix: after the change (or outside the setting when no change was found).
            if (s.index, k) < change_at if change_at is not None else s.role == "situation":
                continue
            # ("IT let us know it was working again")
            if t in report or s.base[k] in report or (t == "let" and "know" in toks[k + 1:k + 4]):
                # ("he liked working with me" vouches for a person, not for a fix)
                # ("told me it was good that I'd pushed on it" praises the speaker, it vouches for no fix)
                vouched = any(toks[j] in vouch and toks[j + 1:j + 2] != ["with"] and not (
                    toks[j + 1:j + 2] == ["that"] and toks[j + 2:j + 3] in (["i"], ["i'd"], ["you"], ["we"]))
                    for j in range(k + 1, min(len(toks), k + 16)))
                if doer(a, s, k) == "other" and (vouched or _acted_on_word(a, s, k) or _promised_watch(toks, k)):
                    return _match("delegated_validation", s, k, k + 8, "other", "report")
                continue
            if t not in ask or doer(a, s, k) != "self":
                continue
            if k + 1 >= len(toks) or toks[k + 1] in {"to", "me", "myself", "it", "a", "an", "no", "been"}:
                continue
            if any(toks[j] in negators for j in range(max(0, k - 3), k)):
                continue
            for j in range(k + 2, min(len(toks), k + 8)):
                if toks[j] in checks and (toks[j - 1] == "to" or j <= k + 4):
                    return _match("delegated_validation", s, k, j + 1, "other", "request")
                if s.clause[j] != s.clause[k] or (toks[j] == "to" and toks[j + 1:j + 2] and toks[j + 1] not in checks):
                    break
            # ("requested two customers to reorder with the new chart and tell me if it fits")
            if any(toks[j:j + 3] in _REPORT_BACK for j in range(k + 2, min(len(toks), k + 16))):
                return _match("delegated_validation", s, k, k + 2, "other", "request")
    return None


_REPORT_BACK = (["tell", "me", "if"], ["tell", "me", "whether"], ["tell", "us", "if"], ["tell", "us", "whether"])


_WATCHERS = frozenset({"he'd", "she'd", "they'd", "he", "she", "they", "would", "will", "'ll", "he'll", "she'll", "they'll"})


def _promised_watch(toks: Sequence[str], k: int) -> bool:
    """'he said he'd keep an eye on it and tell us if anything looked off', 'said he'd check that the
    new scanners were ringing up right', 'he'd try it out with a few coaches': the watching or the
    check promised by someone else after the report verb at k."""
    after = toks[k + 1:k + 8]
    if not any(t in _WATCHERS for t in after[:3]):
        return False
    # (a check verb close to the promise: "said he'd check", not a "check" later in what was said)
    return any(after[j:j + 3] == ["keep", "an", "eye"] for j in range(len(after))) or any(
        t in {"monitor", "watch"} for t in after) or any(t in _PROMISED_CHECKS for t in after[:4])


_PROMISED_CHECKS = frozenset({"check", "test", "try", "verify", "confirm", "validate"})


# --------------------------------------------------------------------------- scope


def _nobody_owns(a: AnswerAnalysis, s: SentenceTokens, k: int) -> Match | None:
    """'no one within the school had been assigned ...', 'nobody had logged it': nobody as the
    subject of an owning, assigning or logging word anywhere in its clause."""
    toks, negators = s.toks, a.rules.lex("negators")
    t = toks[k]
    if not (t in a.rules.lex("nobody_words") or (t == "no" and toks[k + 1:k + 2] in (["one"], ["body"]))
            or (t in negators and toks[k + 1:k + 2] in (["anyone"], ["anybody"]))):
        return None
    owning = a.rules.lex("owning_verbs")
    hit = next((j for j in range(k + 1, len(toks)) if s.clause[j] == s.clause[k]
                and (toks[j] in owning or s.base[j] in owning)), None)
    return None if hit is None else _match("scope_boundary", s, k, hit + 1, "unknown", "nobody")


def _placed_elsewhere(a: AnswerAnalysis, s: SentenceTokens, k: int) -> Match | None:
    """'the responsibility of the district HR office', 'sits under the revenue cycle department',
    '..., not under me'."""
    toks, n = s.toks, len(s.toks)
    t, nxt = toks[k], (toks[k + 1] if k + 1 < n else "")
    mine = {"me", "my", "us", "our", "mine", "ours"}
    if t in a.rules.lex("negators") and nxt in {"under", "with"} and toks[k + 2:k + 3] and toks[k + 2] in mine:
        return _match("scope_boundary", s, k, k + 3, "unknown", "not_mine")
    if not ((t in a.rules.lex("placement_nouns") and nxt == "of")
            or (t in a.rules.lex("placement_verbs") and nxt in {"under", "with", "to", "within", "in"})):
        return None
    if toks[k + 2:k + 3] and toks[k + 2] in mine:
        return None
    owners = a.rules.lex("owner_groups") | a.rules.lex("other_agents")
    end = next((j for j in range(k + 2, min(n, k + 8)) if s.clause[j] == s.clause[k]
                and (toks[j] in owners or s.base[j] in owners)), None)
    return None if end is None else _match("scope_boundary", s, k, end + 1, "unknown", "elsewhere")


def assigned_to_speaker(a: AnswerAnalysis) -> Match | None:
    """'My manager asked me to get it sorted', 'the VP assigned it to me', 'I was tasked with ...':
    the work was given to the speaker (in the setting or the decision to act), which no boundary
    statement outweighs. Not "nobody asked me to", "I wasn't assigned"."""
    assign, negators, nobody = a.rules.lex("assign_verbs"), a.rules.lex("negators"), a.rules.lex("nobody_words")
    for s in a.sents:
        if s.role not in ("situation", "task"):
            continue
        toks = s.toks
        for k, t in enumerate(toks):
            if t not in assign:
                continue
            before = toks[max(0, k - 4):k]
            # "nobody had reassigned it or asked me to": the negation reaches a coordinated verb.
            negated_span = toks[max(0, k - 9):k] if any(x in {"or", "nor"} for x in before) else before
            if any(x in negators or x in nobody or x in {"one", "anyone", "anybody"} for x in negated_span):
                continue
            # "asked me to", "assigned me", "gave it to me", "put me in charge"; not "told me the numbers".
            if t in {"asked", "told"}:
                to_me = toks[k + 1:k + 3] == ["me", "to"]
            elif t in {"gave", "handed", "delegated", "put"}:
                to_me = toks[k + 1:k + 4] in (["it", "to", "me"], ["this", "to", "me"]) or toks[k + 1:k + 3] in (
                    ["me", "on"], ["me", "in"])
            else:
                to_me = toks[k + 1:k + 2] == ["me"]
            passive_me = any(x in {"i", "i'd"} for x in before) and any(x in {"was", "got", "been"} for x in before)
            # ("Last year our health director asked me to take over ...": a role right before the verb)
            if (to_me and (doer(a, s, k) == "other" or toks[k - 1:k] and toks[k - 1] in ROLE_HEADS)) or passive_me:
                return _match("assignment", s, k, k + 2, "other", "assigned")
    return None


def scope_statement(a: AnswerAnalysis) -> Match | None:
    """A scope boundary in the setting or the action (not the result or the reflection)."""
    for s in a.sents:
        if s.role in ("result", "reflection"):
            continue
        for k in range(len(s.toks)):
            m = _nobody_owns(a, s, k) or _placed_elsewhere(a, s, k)
            if m is not None:
                return m
    return None


def fix_anchor(a: AnswerAnalysis, own_fix: list[Match]) -> Evidence | None:
    """Where a verification tip should point: after the first fix told in the action (the speaker's,
    else anyone's), else the action's last sentence; never a "fix" word in the setting, such as
    "I run the returns desk". None when the answer has no action."""
    acting = ("action", "task", None)
    for fixes in (own_fix, a.matches.get("own_fix", [])):
        in_action = [m for m in fixes if a.sents[m.sent].role in acting and is_verb_use(a.sents[m.sent], m.start)]
        if in_action:
            return a.quote(min(in_action, key=lambda m: (m.sent, m.start)))
    last = [s for s in a.sents if s.role in acting]
    return a.quote(sent=last[-1].index) if last else None
