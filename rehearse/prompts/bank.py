"""The question bank: ``prompts/questions.toml`` as Leadership Principles, questions and probes.

The frozen dataclasses and the parser that validates the file; loading (with the default
path and the cache) is :func:`rehearse.prompts.load_question_bank`.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rehearse.errors import BadInputError
from rehearse.prompts.schema import _read_toml, _Schema, normalise_id

# The contract with the rubric, the CLI and the store: ids in canonical order.
LP_IDS: tuple[str, ...] = (
    "customer_obsession",
    "ownership",
    "invent_and_simplify",
    "are_right_a_lot",
    "learn_and_be_curious",
    "hire_and_develop_the_best",
    "insist_on_the_highest_standards",
    "think_big",
    "bias_for_action",
    "frugality",
    "earn_trust",
    "dive_deep",
    "have_backbone_disagree_and_commit",
    "deliver_results",
    "strive_to_be_earths_best_employer",
    "success_and_scale_bring_broad_responsibility",
)

# The follow-up probes the app asks after an answer (from the seed walkthrough); every LP
# must word all four. "detail" probes are optional extras.
REQUIRED_PROBE_KINDS: tuple[str, ...] = ("escalation", "motivation", "verification", "reflection")
PROBE_KINDS: tuple[str, ...] = (*REQUIRED_PROBE_KINDS, "detail")
MIN_QUESTIONS_PER_LP = 4


@dataclass(frozen=True)
class Question:
    id: str
    lp: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "lp": self.lp, "text": self.text}


@dataclass(frozen=True)
class Probe:
    """A short follow-up question an interviewer asks after the answer."""

    id: str
    lp: str
    kind: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "text": self.text}


@dataclass(frozen=True)
class LeadershipPrinciple:
    id: str
    name: str
    summary: str
    questions: tuple[Question, ...]
    probes: tuple[Probe, ...]
    listen_for: tuple[str, ...] = ()

    def probe(self, kind: str) -> Probe | None:
        """The first probe of this kind (escalation, motivation, verification, reflection, detail)."""
        return next((p for p in self.probes if p.kind == kind), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "summary": self.summary,
            "listen_for": list(self.listen_for),
            "questions": [{"id": q.id, "text": q.text} for q in self.questions],
            "probes": [p.to_dict() for p in self.probes],
        }


@dataclass(frozen=True)
class QuestionBank:
    lps: tuple[LeadershipPrinciple, ...]
    probe_kinds: Mapping[str, str] = field(default_factory=dict)
    source: Path | None = None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(lp.id for lp in self.lps)

    def get(self, lp: str) -> LeadershipPrinciple:
        """The LP with this id (or name, any case); BadInputError listing the valid ids otherwise."""
        wanted = normalise_id(lp)
        for principle in self.lps:
            if principle.id == wanted or normalise_id(principle.name) == wanted:
                return principle
        raise BadInputError(
            f"unknown Leadership Principle {lp!r}",
            "use one of: " + ", ".join(self.ids),
        )

    def question(self, question_id: str) -> Question:
        for principle in self.lps:
            for q in principle.questions:
                if q.id == question_id:
                    return q
        raise BadInputError(f"unknown question id {question_id!r}", "see 'rehearse prompts' for the ids")

    def probe(self, lp: str, kind: str) -> Probe:
        """This LP's wording of a follow-up probe kind."""
        found = self.get(lp).probe(kind)
        if found is None:
            raise BadInputError(f"unknown probe kind {kind!r}", "use one of: " + ", ".join(PROBE_KINDS))
        return found

    def all_questions(self) -> tuple[Question, ...]:
        return tuple(q for principle in self.lps for q in principle.questions)

    def random_question(self, lp: str | None = None, rng: random.Random | None = None) -> Question:
        """A question for ``lp`` (any LP when None), chosen with ``rng`` so tests can seed it."""
        pool = self.get(lp).questions if lp is not None else self.all_questions()
        return (rng or random).choice(pool)

    def to_dict(self, lp: str | None = None) -> dict[str, Any]:
        """The JSON of ``rehearse prompts --json``: every LP, or only ``lp``."""
        chosen = (self.get(lp),) if lp is not None else self.lps
        return {
            "schema_version": 1,
            "probe_kinds": dict(self.probe_kinds),
            "lps": [principle.to_dict() for principle in chosen],
        }

# -- parsing -------------------------------------------------------------------------------


def _parse_bank(path: Path) -> QuestionBank:
    data = _read_toml(path)
    schema = _Schema(path)
    kinds = data.get("probe_kinds", {})
    if not isinstance(kinds, dict):
        raise schema.fail("probe_kinds", "must be a table of kind = description")
    seen_ids: set[str] = set()
    principles: list[LeadershipPrinciple] = []
    for index, entry in enumerate(schema.tables(data, "lp", "top level")):
        lp_id = schema.text(entry, "id", f"lp #{index + 1}")
        where = f"lp {lp_id!r}"
        if lp_id != normalise_id(lp_id):
            raise schema.fail(where, "ids must be lower_snake_case")
        if lp_id in seen_ids:
            raise schema.fail(where, "duplicate LP id")
        seen_ids.add(lp_id)

        questions = []
        for q in schema.tables(entry, "questions", where):
            qid = schema.text(q, "id", f"{where} question")
            if qid in seen_ids:
                raise schema.fail(where, f"duplicate id {qid!r}")
            seen_ids.add(qid)
            questions.append(Question(id=qid, lp=lp_id, text=schema.text(q, "text", f"{where} question {qid!r}")))
        if len(questions) < MIN_QUESTIONS_PER_LP:
            raise schema.fail(where, f"needs at least {MIN_QUESTIONS_PER_LP} questions, has {len(questions)}")

        probes = []
        for p in schema.tables(entry, "probes", where):
            pid = schema.text(p, "id", f"{where} probe")
            kind = schema.text(p, "kind", f"{where} probe {pid!r}")
            if kind not in PROBE_KINDS:
                raise schema.fail(where, f"probe {pid!r} has unknown kind {kind!r} (use {', '.join(PROBE_KINDS)})")
            if pid in seen_ids:
                raise schema.fail(where, f"duplicate id {pid!r}")
            seen_ids.add(pid)
            probes.append(Probe(id=pid, lp=lp_id, kind=kind, text=schema.text(p, "text", f"{where} probe {pid!r}")))
        missing = [k for k in REQUIRED_PROBE_KINDS if not any(p.kind == k for p in probes)]
        if missing:
            raise schema.fail(where, f"missing follow-up probes of kind {', '.join(missing)}")

        principles.append(
            LeadershipPrinciple(
                id=lp_id,
                name=schema.text(entry, "name", where),
                summary=schema.text(entry, "summary", where),
                questions=tuple(questions),
                probes=tuple(probes),
                listen_for=schema.strings(entry, "listen_for", where),
            )
        )
    if not principles:
        raise schema.fail("top level", "no [[lp]] entries")
    return QuestionBank(
        lps=tuple(principles),
        probe_kinds={str(k): str(v) for k, v in kinds.items()},
        source=path,
    )
