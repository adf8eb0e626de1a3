"""Hand-offs: the speaker routed the problem (escalated, paged, put in a ticket, emailed it to
someone) and someone else fixed it, with no fix of the speaker's own before, in or after the
routing sentence (the escalation_handoff flag's routing half; rubric/signals.py holds the rest)."""

from __future__ import annotations

from rehearse.rubric.answer import AnswerAnalysis
from rehearse.rubric.clause_spans import negated_before
from rehearse.rubric.clauses import SentenceTokens
from rehearse.rubric.doers import DETERMINERS, doer, irrealis_before, is_past_verb, is_verb_use, noun_subject_before
from rehearse.rubric.matching import Match
from rehearse.rubric.rules import AFFIRMED


def _phrasal_routing(a: AnswerAnalysis, s: SentenceTokens, k: int) -> bool:
    """'put in a ticket (with facilities)', 'took it to the planning manager', 'wrote to the vendor'."""
    toks = s.toks
    if toks[k] in {"wrote", "write", "writes"}:
        return toks[k + 1:k + 2] == ["to"]  # "I wrote to the vendor with the list"
    if toks[k] in {"got", "get", "gets", "getting"}:
        return toks[k + 1:k + 4] == ["on", "the", "phone"] and toks[k + 4:k + 5] == ["with"]  # "got on the phone with the maker"
    if toks[k] not in a.rules.lex("routing_phrasal"):
        return False
    if toks[k].startswith("put"):
        # ("put it in research computing's queue")
        at = k + 2 if toks[k + 1:k + 2] in (["it"], ["them"], ["this"], ["that"], ["everything"]) else k + 1
        return toks[at:at + 1] == ["in"] and any(x in a.rules.lex("routing_objects") for x in toks[at + 1:at + 5])
    return "to" in toks[k + 1:k + 5]  # ("gave all the information to the vet")


def _routes_to_other(a: AnswerAnalysis, s: SentenceTokens, k: int) -> bool:
    """The routing verb at k has another party or a ticket as object ("emailed the vendor's support",
    "opened a case with them", "messaged the HRIS lead", "sent it to the director")."""
    lex = a.rules.lex
    parties = lex("other_subjects") | lex("other_agents") | lex("owner_groups") | lex("routing_objects")
    for j in range(k + 1, min(len(s.toks), k + 7)):
        t = s.toks[j]
        if t in parties or s.base[j] in parties or (t.endswith("'s") and j > k + 1) or t in {"their", "his", "her"}:
            return True
    # "emailed it to medical affairs": a recipient after "to" (not "to make sure", "to let them know")
    # ("sent the list of skipped stops over to the depot lead": within the routing's clause)
    to = next((j for j in range(k + 1, min(len(s.toks), k + 10)) if s.toks[j] == "to" and s.clause[j] == s.clause[k]),
              None)
    return to is not None and to + 1 < len(s.toks) and s.toks[to + 1] not in _NOT_RECIPIENTS and \
        not s.toks[to + 1].endswith(("ing", "ed"))


_NOT_RECIPIENTS = frozenset({"make", "let", "see", "check", "get", "ask", "tell", "fix", "be", "have", "keep", "find",
                             "confirm", "verify", "flag", "say", "explain", "show", "help", "me",
                             "myself", "us", "everyone", "zero", "production", "prod", "staging", "main", "it"})


def _brings_own_fix(a: AnswerAnalysis, s: SentenceTokens) -> bool:
    """'... but I brought a ready-to-merge PR': the speaker's own fix in the routing sentence."""
    bring, fix_nouns = a.rules.lex("bring_verbs"), a.rules.lex("fix_nouns")
    if any(t == "with" and any(x in fix_nouns for x in s.toks[j + 1:j + 4]) for j, t in enumerate(s.toks)):
        return True  # "escalated to their lead with the patch ready"
    return any(t in bring and any(x in fix_nouns for x in s.toks[j + 1:j + 8]) and doer(a, s, j) == "self"
               for j, t in enumerate(s.toks))


def _own_fix_at(a: AnswerAnalysis, s: SentenceTokens, j: int) -> bool:
    """The speaker's own fix verb at j ("I replaced the roller"); not "I kept leadership updated"."""
    fixes = a.rules.lexes("third_party_fix_verbs", "own_fix_verbs")
    return (s.toks[j] in fixes or s.base[j] in fixes) and doer(a, s, j) == "self" and not _kept_informed(s, j) \
        and not _not_a_fix(s, j)


def _not_a_fix(s: SentenceTokens, j: int) -> bool:
    """A fix verb used for something else: a write-up ("I wrote the whole thing up with the charts"),
    an ordering ("I sorted it by owner and by last access") or a message ("I wrote to the vendor")."""
    wrote = s.toks[j] in {"wrote", "write", "writes", "drafted"}
    return "up" in s.toks[j + 1:j + 5] or (s.toks[j] == "sorted" and "by" in s.toks[j + 1:j + 4]) or (
        wrote and s.toks[j + 1:j + 2] == ["to"]) or (  # "I wrote to the vendor"
        wrote and any(x in _WRITE_UPS for x in s.toks[j + 1:j + 5]))  # "I wrote a short document with the examples"


_WRITE_UPS = frozenset({"document", "doc", "memo", "email", "note", "notes", "summary", "report", "proposal",
                        "one-pager", "letter", "brief", "writeup", "write-up", "case", "explanation"})


def _fixes_it_self(a: AnswerAnalysis, s: SentenceTokens) -> bool:
    return any(_own_fix_at(a, s, j) for j in range(len(s.toks)))


def _own_fix_after(a: AnswerAnalysis, s: SentenceTokens, k: int) -> bool:
    """'I paged the team, but I had already replaced the roller myself': the speaker's own fix later
    in the routing sentence (not a write-up: "I escalated it and wrote it up")."""
    return any(_own_fix_at(a, s, j) for j in range(k + 1, len(s.toks)))


def _kept_informed(s: SentenceTokens, j: int) -> bool:
    """'I kept leadership updated': keeping people informed is not a fix."""
    return any(x in {"kept", "keep", "keeping", "keeps"} for x in s.toks[max(0, j - 3):j])


def _someone_else_fixes(a: AnswerAnalysis, s: SentenceTokens, lo: int) -> bool:
    """'they fixed the trigger', 'their team corrected the mapping', 'they pushed an update to all the
    units'; not "they deployed my patch"."""
    lex = a.rules.lex
    fixes, ships = lex("third_party_fix_verbs") | lex("their_fix_verbs"), lex("ship_verbs") | lex("make_verbs")
    shipped = lex("fix_nouns") | lex("update_nouns")
    for j in range(lo, len(s.toks)):
        t = s.toks[j]
        after = s.toks[j + 1:j + 5]  # ("they send round a revised version")
        # ("they shipped a corrected file": the fix named by its participle; "they rolled it back")
        # ("they re-ran the processing": a hyphenated "re-" read as its own word)
        # ("they re-filed the corrected data", "re-packed the lot": any deed redone)
        redone = t == "re" and (s.toks[j + 1:j + 2] in _REDONE or j + 1 < len(s.toks) and is_past_verb(s, j + 1))
        # ("I gave it to the vendor and they sorted it", "they took it from there")
        # ("she got her warehouse people on it")
        took_over = (t == "sorted" and s.toks[j + 1:j + 2] in (["it"], ["out"], ["that"], ["things"])) or (
            t == "took" and (s.toks[j + 1:j + 4] == ["it", "from", "there"] or s.toks[j + 1:j + 2] == ["over"])) or (
            t in {"got", "put"} and any(s.toks[i:i + 2] == ["on", "it"] for i in range(j + 1, min(len(s.toks), j + 6))))
        # ("their support team pushed a new map file out to all the devices"; "they came back and put it in")
        # (not "put it in the onboarding binder": a place, not an install)
        renewed = t in ships and any(y in _RENEWED for y in after[:2]) or (t == "put" and (
            after[:2] in (["it", "in"], ["them", "in"]) and (after[2:3] == [] or after[2] in _INSTALL_ENDS)
            or after[:2] == ["in", "new"]))
        fixed = t in fixes or s.base[j] in fixes or redone or took_over or renewed or (t in ships and (any(
            y in shipped or s.base[i] in fixes for i, y in enumerate(after, start=j + 1)) or (t == "rolled" and "back" in after)))
        present = t in lex("present_fix_verbs") and j > 0 and noun_subject_before(s, j) == "other"
        # "they change the labelling template", "said they would adjust the pricing"
        # (not a purpose: "so they fix the logic in their next release")
        present = present or (t in lex("fix_verb_bases") and j > 0 and s.toks[j - 1] in _BASE_VERB_PREV
                              and s.toks[j - 2:j - 1] != ["so"])
        # "they got their programmer to correct the calculation": a fix they had made
        present = present or (t in lex("fix_verb_bases") and j > 1 and s.toks[j - 1] == "to" and any(
            x in {"got", "had", "gets", "has"} for x in s.toks[max(0, j - 5):j - 2]))
        # "she had her scheduler rebuild the reminder list": a fix they had someone make
        # (not the noun: "their contractor had the repair scheduled")
        present = present or (t in lex("fix_verb_bases") and s.toks[j - 1] not in _DETERMINERS and any(
            s.toks[i] in {"had", "got"} and doer(a, s, i) == "other" for i in range(max(0, j - 4), j - 1)))
        # "the vendor came back with a new version"
        came_back = t == "back" and j > 0 and s.toks[j - 1] in {"came", "come", "comes"} and any(
            y in shipped for y in s.toks[j + 1:j + 5])
        by_me = s.toks[j + 1:j + 3] in (["by", "me"], ["by", "myself"])  # "the table was corrected by me"
        # ("they renewed with us for two more years": a deal with the speaker's side, not a fix)
        by_me = by_me or after[:2] in (["with", "us"], ["with", "me"])
        if (fixed and is_verb_use(s, j) or present or came_back) and _doer_in_series(a, s, j) == "other" \
                and not any(y in {"my", "our"} for y in after) and not _kept_informed(s, j) and not by_me:
            return True
        # ("the supplier has confirmed everything is corrected": a fix in the passive, after the routing)
        # (in the action: "the queue was cleared" in the Result is an outcome)
        if s.role == "action" and t in fixes and j > 0 and s.toks[j - 1] in {"is", "was", "were", "been"} \
                and not by_me and not negated_before(a, s, j) \
                and "within" not in s.toks[max(0, j - 12):j]:  # "within six weeks the queue was cleared"
            return True
    return False


_INSTALL_ENDS = frozenset({"and", "on", "by", "that", "later", "within", "overnight", "themselves", "so"})
_WISHES = frozenset({"wanted", "want", "wants", "needed", "need", "needs", "hoped", "expected", "wanting"})
_RENEWED = frozenset({"new", "corrected", "fixed", "updated", "revised"})
_NOUN_READINGS = frozenset({"hand", "hands", "call", "calls", "report", "reports", "flag", "flags", "page", "phone"})
_CHOSE = frozenset({"chose", "decided", "opted", "offered"})
_DETERMINERS = DETERMINERS | {"your"}
_NOUN_BEFORE = _DETERMINERS | {"by", "first", "second"}
_REDONE = (["ran"], ["run"], ["did"], ["done"], ["wrote"], ["built"], ["made"], ["drew"], ["sent"], ["issued"], ["cut"])
_COUNTERFACTUAL = frozenset({"could", "would", "should", "might", "i'd", "we'd", "couldn't", "wouldn't"})
_BASE_VERB_PREV = frozenset({"they", "would", "will", "'ll", "they'd", "they'll", "and"})


def _doer_in_series(a: AnswerAnalysis, s: SentenceTokens, k: int) -> str:
    """Who does the verb at k; a verb with no subject of its own continues a series ("Billing went
    in, corrected the invoices and issued the credits") and shares the subject of the verb before."""
    who = doer(a, s, k)
    if who != "unknown":
        return who
    # ("Their tech came out the next morning, found a failed drive, swapped it": back along the series)
    lo = max(0, k - 20)
    verb = next((j for j in range(k - 1, lo - 1, -1) if is_past_verb(s, j) and doer(a, s, j) != "unknown"), None)
    return who if verb is None else doer(a, s, verb)


def _fixed_before(a: AnswerAnalysis, s: SentenceTokens, k: int) -> bool:
    """The speaker made a fix of their own in the action before routing at (s, k) ("I rewrote the
    route, then told the drivers, and they changed their pickup times"); not a write-up ("I wrote it
    up and emailed them") and not an attempt that failed ("I reset them, but it kept coming back")."""
    fixes = a.rules.lexes("third_party_fix_verbs", "own_fix_verbs")
    failed = a.rules.lex("failure_words")
    for x in a.sents[:s.index + 1]:
        if x.role not in ("action", "task", None):
            continue
        end = k if x is s else len(x.toks)
        for j in range(end):
            # ("I wrote it all up and escalated it": a write-up, not a fix)
            # (nor an obligation: "I had to get it resolved before that deadline")
            # (nor a wish: "I wanted it sorted before August")
            if x.toks[j] in fixes and is_verb_use(x, j) and doer(a, x, j) == "self" \
                    and not _not_a_fix(x, j) and not any(y in failed for y in x.toks[j + 1:j + 12]) \
                    and "to" not in x.toks[max(0, j - 4):j] and not any(y in _WISHES for y in x.toks[max(0, j - 3):j]):
                return True
            # ("I chose to write the corrected stanza myself": a choice carried out)
            if x.toks[j] in _CHOSE and x.toks[j + 1:j + 2] == ["to"] and doer(a, x, j) == "self" and \
                    x.toks[j + 2:j + 3] and x.toks[j + 2] in a.rules.lex("fix_verb_bases") | {"write", "rewrite", "build"} \
                    and "myself" in x.toks[j + 3:j + 10]:
                return True
    return False


def _passive_then_fixed(a: AnswerAnalysis, s: SentenceTokens, k: int) -> bool:
    """"The gap was then escalated and corrected by the platform team": routed in the passive (by the
    speaker's side), the agent after it belongs to the fix that follows."""
    aux = [j for j in range(max(0, k - 3), k) if s.toks[j] in {"was", "were", "got", "been"}]
    after = s.toks[k + 1:k + 3]
    fixes = a.rules.lex("third_party_fix_verbs")
    return bool(aux) and after[:1] == ["and"] and any(x in fixes for x in after[1:])


_PASSIVE_ROUTINGS = frozenset({"reported", "raised", "escalated", "flagged", "logged", "filed"})


def routing_handoff(a: AnswerAnalysis, window: int = 3) -> Match | None:
    """The speaker routes the problem and, in that sentence or the next `window`, someone else fixes it.
    Not a hand-off: routing with one's own fix in the same sentence ("flagged it to their lead but
    brought a ready PR"), "I didn't just escalate", or a fix of one's own before theirs."""
    routing, negators = a.rules.lex("routing_verbs"), a.rules.lex("negators")
    for s in a.sents:
        if s.role == "situation":
            continue
        for k, t in enumerate(s.toks):
            if t not in routing and s.base[k] not in routing and not _phrasal_routing(a, s, k):
                continue
            if k > 0 and s.toks[k - 1] in _NOUN_BEFORE and t in _NOUN_READINGS:
                continue  # "by hand", "the call", "a report": the word as a noun ("in an email to them" still routes)
            # "We escalated it to the product team, and they rewrote the docs": the speaker's side routes it.
            # ("the issue was reported to the vendor, and a technician ... recalibrated the press": the
            # passive routing of the problem is the speaker's side's; not "figures were forwarded to facilities")
            who = doer(a, s, k)
            if who == "passive" and t in _PASSIVE_ROUTINGS:
                who = "unknown"
            if (who not in ("self", "unknown", "we") and not _passive_then_fixed(a, s, k)) \
                    or not _routes_to_other(a, s, k):
                continue
            # ("we could have asked finance to reverse it": an option weighed, not taken)
            if s.toks[k - 1:k] == ["have"] and s.toks[k - 2:k - 1] and s.toks[k - 2] in _COUNTERFACTUAL:
                continue
            if s.role in ("result", "reflection") and (irrealis_before(a, s, k) or not t.endswith("ed")):
                continue  # a past-tense routing labelled so is a segmentation slip; "I'd flag it" is not
            if any(s.toks[j] in negators for j in range(max(0, k - 4), k)) or _brings_own_fix(a, s) \
                    or _fixed_before(a, s, k) or _own_fix_after(a, s, k):
                continue
            for x in a.sents[s.index:s.index + window + 1]:
                if x.role == "situation":
                    continue
                if x is not s and _fixes_it_self(a, x):
                    break
                if _someone_else_fixes(a, x, k + 1 if x is s else 0):
                    return Match("escalation", s.index, k, k + 1, AFFIRMED, False, "self", "routing")
    return None
