"""Does the answer open with the customer's harm? (customer_first)

The first two substantive sentences (after filler openers) are read whole when they are
punctuated; unpunctuated speech is cut at a word budget instead, since one "sentence" can run for
a minute. A customer is a customer word (customers, patients, families, shoppers ...) or whoever
the speaker's side serves ("the clinics we shipped vaccines to"); employees, internal users and the
speaker's own workplace ("I managed a restaurant") are not. The harm is a pain word in the
customer's clause, or in a later clause of the sentence that points back at them ("customers who
unsubscribed kept getting emails, and some of them wrote to us angry").
"""

from __future__ import annotations

from rehearse.rubric.answer import AnswerAnalysis
from rehearse.rubric.clauses import SentenceTokens
from rehearse.rubric.matching import Match
from rehearse.rubric.rules import AFFIRMED
from rehearse.rubric.signals import customer_impacted, is_counted, opening_sentences

_BACK_REFERENCES = {"they", "them", "their", "she", "her", "he", "him", "his", "theirs"}
_CAUSAL = {"because", "since", "as", "after", "when", "whenever", "so"}
# Whose ongoing activity is not trouble by itself: "customers were using it more".
_NEUTRAL_ACTIVITY = frozenset({"using", "buying", "growing", "enjoying", "loving", "paying", "shopping"})
_INCHOATIVE = frozenset({"started", "began", "kept"})
_FINITE_STOPS = frozenset({"i", "we", "i'd", "i'm", "we'd", "we're"})
_DETERMINERS = {"the", "those", "these", "our", "all", "some", "many", "a", "an", "every", "each"}


def _window(a: AnswerAnalysis) -> dict[int, int]:
    """Sentence index -> how many of its tokens are in the opening."""
    chosen, _text, max_words = opening_sentences(a)
    punctuated = all(s.sentence.text.rstrip()[-1:] in {".", "!", "?"} for s in chosen if s.sentence.text.strip())
    out: dict[int, int] = {}
    seen = 0
    for s in chosen:
        out[s.index] = len(s.toks) if punctuated else max(0, min(len(s.toks), max_words - seen))
        seen += len(s.toks)
    return out


def _pain(a: AnswerAnalysis, s: SentenceTokens, j: int) -> bool:
    words = a.rules.lexes("customer_pain", "harm_words")
    # ("sent back the full container", "some of them come back two, three times": goods or people returned)
    returned = s.toks[j] == "back" and j > 0 and s.toks[j - 1] in _BACK_VERBS
    return s.toks[j] in words or s.base[j] in words or returned


_BACK_VERBS = frozenset({"sent", "send", "sends", "sending", "came", "come", "comes", "coming", "brought", "bring",
                         "brings", "bringing", "shipped", "kicked", "bounced"})


def _harm_by_reference(a: AnswerAnalysis, s: SentenceTokens, k: int) -> bool:
    """A later clause of the sentence that points back at the customer ("and a lot of them stopped
    opening it") or explains their situation ("because the booking system was down") states a harm."""
    c = s.clause[k]
    later = [j for j in range(k + 1, len(s.toks)) if s.clause[j] != c]
    clauses: dict[int, list[int]] = {}
    for j in later:
        clauses.setdefault(s.clause[j], []).append(j)
    for toks in clauses.values():
        # ("Shoppers clicked through, found nothing in their size, and left": a verb series shares its subject)
        series = _opens_on_a_verb(s, toks)
        # ("some of them come back": unpunctuated, the clause may start after its own subject)
        lead_in = range(max(k + 1, toks[0] - 3), toks[0])
        linked = series or s.toks[toks[0]] in _CAUSAL or any(s.toks[j] in _BACK_REFERENCES for j in [*lead_in, *toks])
        if linked and any(_pain(a, s, j) for j in toks):
            return True
    return False


def _opens_on_a_verb(s: SentenceTokens, toks: list[int]) -> bool:
    """A clause with no subject of its own, opening on a past verb ("found nothing", "and left")."""
    words = [s.toks[j] for j in toks if s.toks[j] not in {"and", "then", "so", "just"}]
    return bool(words) and (words[0].endswith("ed") or words[0] in _SERIES_VERBS)


_SERIES_VERBS = frozenset({"left", "found", "gave", "went", "got", "lost", "took", "came", "paid", "quit", "sat"})


def _not_a_customer(a: AnswerAnalysis, s: SentenceTokens, k: int) -> bool:
    """Employees and internal users, or the speaker's own workplace ("GM of a 120-seat restaurant")."""
    lex = a.rules.lex
    before = s.toks[max(0, k - 3) : k]
    if any(t in lex("internal_markers") for t in before):
        return True
    # "Volunteers kept showing up ... three of our regulars quit": regulars are of the kind named beside them.
    if s.toks[k] == "regulars" and any(t in _STAFF_KINDS for x in a.sents[max(0, s.index - 1):s.index + 1] for t in x.toks):
        return True
    nxt = s.toks[k + 1] if k + 1 < len(s.toks) else ""
    if nxt in lex("be_forms") or nxt in {"had", "kept", "would", "could", "started", "were", "got"}:
        return False  # the customers are the subject of their own clause: "... nights patients were ..."
    c = s.clause[k]
    j = k - 1
    while j >= 0 and s.clause[j] == c and k - j <= 12:
        if _comma_after(s, j):
            return False  # "where I worked nights, patients were ...": a new clause
        if s.toks[j] in a.rules.lexes("i_forms", "we_forms"):
            verbs = s.toks[j + 1 : k]
            # "I was GM of a restaurant", "I ran a clinic" (not "I was looking at the restaurant app").
            job = bool(verbs) and verbs[0] in lex("job_verbs") and not (len(verbs) > 1 and verbs[1].endswith("ing"))
            return job and not any(_pain(a, s, x) for x in range(j, k))
        j -= 1
    return False


_STAFF_KINDS = frozenset({"volunteers", "volunteer", "staff", "employees", "crew", "workers", "drivers", "nurses",
                          "agents", "techs", "technicians", "members"})


def _comma_after(s: SentenceTokens, j: int) -> bool:
    return s.raw[s.raw_of[j]].endswith((",", ";", ":"))


def _people_served(a: AnswerAnalysis, s: SentenceTokens, k: int, reach: int = 10) -> bool:
    """"people on older phones couldn't finish checkout", "folks applying for our loans": people who
    are customers by what their clause says they do or hold; not staff ("people on my team")."""
    lex = a.rules.lex
    if s.toks[k] not in lex("generic_people") or _not_a_customer(a, s, k):
        return False
    ahead = [j for j in range(k + 1, min(len(s.toks), k + reach)) if s.clause[j] == s.clause[k]]
    if any(s.toks[j] in {"team", "teams", "staff", "crew", "colleagues", "coworkers"} or s.toks[j] in lex("internal_markers")
           for j in ahead):
        return False
    # ("the new checkout was crashing right when people tapped pay": the context may come first)
    around = range(max(0, k - reach), min(len(s.toks), k + reach))
    return any(s.toks[j] in lex("customer_context") for j in around)


def _served_by_us(a: AnswerAnalysis, s: SentenceTokens, k: int) -> bool:
    """"the clinics we shipped vaccines to", "stores we supply": a noun the speaker's side serves."""
    nxt = s.toks[k + 1 : k + 3]
    if len(nxt) < 2 or nxt[0] not in {"we", "i"} or nxt[1] not in a.rules.lex("serve_verbs"):
        return False
    # A noun phrase, not a header or a pronoun: "the clinics we ...", "stores we supply", "a grocery chain we supply".
    prev = s.toks[k - 1] if k > 0 else ""
    before_prev = s.toks[k - 2] if k > 1 else ""
    return prev in _DETERMINERS or before_prev in _DETERMINERS or (
        s.toks[k].endswith("s") and s.toks[k] not in a.rules.lex("object_pronouns"))


_BUY_VERBS = frozenset({"buys", "bought", "orders", "ordered", "takes", "took", "uses", "used", "rents", "rented",
                        "leases", "leased", "books", "booked"})


def _buys_from_us(a: AnswerAnalysis, s: SentenceTokens, k: int) -> bool:
    """"The cheese factory that buys all our milk", "a distributor who orders from us": a customer told
    by what it buys from the speaker's side."""
    if k + 1 >= len(s.toks) or s.toks[k + 1] not in {"that", "who", "which"}:
        return False
    verb = next((j for j in range(k + 2, min(len(s.toks), k + 4)) if s.toks[j] in _BUY_VERBS), None)
    return verb is not None and (any(t in {"our", "my"} for t in s.toks[verb + 1 : verb + 4])
                                 or s.toks[verb + 1 : verb + 3] == ["from", "us"])


_RETURN_VERBS = frozenset({"returning", "returned", "rejecting", "rejected", "refusing", "refused"})
_RETURN_AUX = frozenset({"were", "was", "kept", "started", "began", "had", "been", "would", "all", "still"})


def _returns_our_goods(a: AnswerAnalysis, s: SentenceTokens, k: int) -> bool:
    """"dentists were sending back one crown in fifteen", "stores kept returning cases": a party named
    by a plural noun that sends the speaker's goods back is a customer, and that return is their harm
    (not staff, and not a pronoun: "they sent it back" names nobody)."""
    noun = s.toks[k]
    if not noun.endswith("s") or noun.endswith("'s") or noun in a.rules.lexes("object_pronouns", "internal_markers") \
            or noun in {"we", "us", "its", "this", "was", "is", "has", "as", "always", "sometimes", "times", "yes"}:
        return False
    if k > 0 and s.toks[k - 1] in {"our", "my", "i", "we"}:
        return False  # "our technicians were sending back ...": the speaker's own people
    j = k + 1
    while j < len(s.toks) and s.toks[j] in _RETURN_AUX and s.clause[j] == s.clause[k]:
        j += 1
    if j == k + 1 or j >= len(s.toks) or s.clause[j] != s.clause[k]:
        return False
    verb = s.toks[j]
    returned = verb in _RETURN_VERBS or (verb in {"sending", "sent"} and s.toks[j + 1:j + 2] == ["back"])
    # ("technicians were sending back their timesheets": their own things, not goods we made)
    obj = j + 2 if s.toks[j + 1:j + 2] == ["back"] else j + 1
    return returned and s.toks[obj:obj + 1] not in (["their"], ["his"], ["her"])


def customer_harm_in_opening(a: AnswerAnalysis) -> Match | None:
    """The first customer harm told in the opening sentences, or None."""
    window = _window(a)
    found: list[Match] = []
    for m in a.of("customer_impact", real=False):
        if m.sent not in window or m.start >= window[m.sent]:
            continue
        s = a.sents[m.sent]
        # "5 million subscribers" is scale; "two patients got the wrong strength" is harm to them.
        if is_counted(a, m) and not _counted_and_harmed(a, s, m.start):
            continue
        if _not_a_customer(a, s, m.start):
            continue
        # A goal that mentions users is no harm: "the goal for the quarter was to grow active users by 10%".
        if _goal_clause(a, s, m.start):
            continue
        # Revenue, churn figures and the like are the business's numbers, not a customer's harm (spec).
        if m.end - m.start == 1 and s.toks[m.start] in a.rules.lex("neutral_business_words"):
            continue
        # "churn would rise by no more than four points": a forecast, not a harm that happened.
        # ("customers would show up and wait" is a habit, told of people: kept.)
        if s.toks[m.start] not in a.rules.lex("customer_words") and any(
                t in a.rules.lex("counterfactual_modals") for t in s.toks[m.end : m.end + 2]):
            continue
        # "which would have meant growers getting the wrong seed": a harm that was headed off.
        if _would_have_meant(a, s, m.start):
            continue
        if (customer_impacted(a, m) or _clause_harm(a, s, m.start) or _harm_by_reference(a, s, m.start)
                or _ongoing_trouble(a, s, m.start) or _made_to(s, m.end)
                or _harm_in_next_sentence(a, m, window) or _quoted_complaint(a, s)):
            found.append(m)
    for idx, limit in window.items():
        s = a.sents[idx]
        for k in range(min(limit, len(s.toks))):
            if _people_served(a, s, k) and _clause_harm(a, s, k):
                found.append(Match("customer_impact", idx, k, k + 1, AFFIRMED, False, "unknown", "people served"))
            if _returns_our_goods(a, s, k):
                found.append(Match("customer_impact", idx, k, k + 1, AFFIRMED, False, "unknown", "returns our goods"))
            # The relative clause ("we shipped vaccines to") opens a clause of its own: look past it.
            if (_served_by_us(a, s, k) or _buys_from_us(a, s, k)) and any(
                    _pain(a, s, j) for j in range(k + 3, min(len(s.toks), k + 22))):
                found.append(Match("customer_impact", idx, k, k + 3, AFFIRMED, False, "unknown", "served by us"))
    return min(found, key=lambda m: (m.sent, m.start)) if found else None


_COMPLAINT_WORDS = frozenset({"doesn't", "didn't", "don't", "isn't", "wasn't", "won't", "can't", "couldn't",
                              "haven't", "hasn't", "nobody", "sorry", "why"})


def _quoted_complaint(a: AnswerAnalysis, s: SentenceTokens) -> bool:
    """Direct speech in the customer's sentence that complains or apologises ('the mom saying, "why
    doesn't a single pair of these boots fit?"', 'the nurse says, "I'm so sorry, can you come back
    next week?"'): the harm told in their words. A quote left open runs on into the next sentence."""
    still_open = False
    for sent in a.sents[s.index : s.index + 2]:
        if sent.index > s.index and not still_open:
            break
        inside, quoted = still_open, set()
        for i, word in enumerate(sent.raw):
            opens = word[:1] in {'"', "\u201c"}
            inside = inside or opens
            if inside:
                quoted.add(i)
            if word.rstrip(".,;:!?")[-1:] in {'"', "\u201d"} and (not opens or len(word) > 1):
                inside = False
        if any(sent.raw_of[j] in quoted and sent.toks[j] in _COMPLAINT_WORDS for j in range(len(sent.toks))):
            return True
        still_open = inside
    return False


_NEXT_SUBJECTS = frozenset({"he", "she", "they", "he'd", "she'd", "they'd", "he's", "she's", "they're",
                            "they've", "he'll", "she'll", "they'll"})
_NEXT_OPENERS = frozenset({"and", "but", "so", "then", "now", "meanwhile"})


def _harm_in_next_sentence(a: AnswerAnalysis, m: Match, window: dict[int, int]) -> bool:
    """The next opening sentence picks the customer up as its subject and tells the harm ("An elderly
    man on a stretcher said to me ... He'd been waiting the best part of an hour")."""
    s = a.sents[m.sent]
    if s.toks[m.start] not in a.rules.lex("customer_words") or m.sent + 1 not in window:
        return False
    nxt = a.sents[m.sent + 1]
    limit = min(window[m.sent + 1], len(nxt.toks))
    fillers = a.rules.lex("fillers")
    first = next((j for j in range(limit) if nxt.toks[j] not in fillers and nxt.toks[j] not in _NEXT_OPENERS), None)
    if first is None or nxt.toks[first] not in _NEXT_SUBJECTS:
        return False
    clause = nxt.clause[first]
    return any(nxt.clause[j] == clause and _pain(a, nxt, j) for j in range(first + 1, limit))


def _would_have_meant(a: AnswerAnalysis, s: SentenceTokens, k: int) -> bool:
    """The customer is the object of a counterfactual: "would have meant growers getting ..."."""
    before = s.toks[max(0, k - 4) : k]
    return bool(before) and before[-1] in {"meant", "left", "had"} and any(
        t in a.rules.lex("counterfactual_modals") for t in before[:-1])


_SUBJECT_VERBS = frozenset({"got", "were", "was", "had", "kept", "started", "couldn't", "could", "lost", "missed",
                            "found", "paid"})


def _counted_and_harmed(a: AnswerAnalysis, s: SentenceTokens, k: int) -> bool:
    """"two patients in about a month got the wrong strength": counted customers that are the subject
    of their own harm, a verb within a few words and a pain word after it (not "a telecom with 5
    million subscribers", which is scale)."""
    c = s.clause[k]
    # ("four hundred passengers stuck overnight": the harm told right after them)
    if any(s.clause[j] == c and _pain(a, s, j) for j in range(k + 1, min(len(s.toks), k + 3))):
        return True
    # ("families in our after-school meals program were close to losing ...": past a prepositional phrase)
    # (not past a conjunction: "a full patient load and two of the last five had left" has a new subject)
    ahead = []
    for j in range(k + 1, min(len(s.toks), k + 10)):
        if s.clause[j] != c or s.toks[j] in {"and", "but", "so", "because", "while"}:
            break
        ahead.append(j)
    verb = next((j for j in ahead if s.toks[j] in _SUBJECT_VERBS), None)
    return verb is not None and any(s.clause[j] == c and _pain(a, s, j) for j in range(verb, min(len(s.toks), verb + 8)))


def _ongoing_trouble(a: AnswerAnalysis, s: SentenceTokens, k: int, reach: int = 24) -> bool:
    """The customers are the subject of an ongoing past event in the opening sentence of the story
    ("callers were landing in the wrong queue", "passengers whose flights had moved were arriving to
    find ..."): an opening told that way is the problem being set up. Only the answer's first sentence,
    and only a customer word (not revenue); a relative clause may sit between subject and verb
    ("shoppers who typed a query with a hyphen in it, things like 'usb-c cable', were landing on ...")."""
    if s.index != min(_window(a), default=-1) or s.toks[k] not in a.rules.lex("customer_words"):
        return False
    for j in range(k + 1, min(len(s.toks) - 1, k + reach)):
        if s.toks[j] in _FINITE_STOPS:
            return False  # "customers, and I was ..." the clause moved on to someone else
        # "were landing", "were being split", or begun: "started having lows", "kept getting".
        if s.toks[j] in {"was", "were"} or s.toks[j] in _INCHOATIVE:
            # ("were regularly finding empty shelves": past an adverb)
            after = j + 2 if s.toks[j + 1].endswith("ly") and j + 2 < len(s.toks) else j + 1
            nxt = s.toks[after]
            return nxt == "being" or (nxt.endswith("ing") and nxt not in _NEUTRAL_ACTIVITY)
    return False


def _made_to(s: SentenceTokens, end: int) -> bool:
    """"shoppers had to bring back nine thousand bags", "callers were forced to redial": customers
    made to do something is the harm itself."""
    nxt = s.toks[end:end + 3]
    return nxt[:2] in (["had", "to"], ["were", "forced"], ["were", "made"], ["got", "stuck"])


def _goal_clause(a: AnswerAnalysis, s: SentenceTokens, k: int) -> bool:
    c = s.clause[k]
    return any(s.clause[j] == c and s.toks[j] in a.rules.lex("goal_words") for j in range(max(0, k - 10), k))


def _clause_harm(a: AnswerAnalysis, s: SentenceTokens, k: int, before: int = 14, after: int = 20) -> bool:
    """A harm in the customer's clause; further ahead than behind, since the harm and its cause follow
    the customers ("patients ... were told to come back another day because the system was down")."""
    c = s.clause[k]
    return any(s.clause[j] == c and _pain(a, s, j) for j in range(max(0, k - before), min(len(s.toks), k + after)))
