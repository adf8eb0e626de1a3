"""The question bank and level targets: shipped data, loader validation, CLI output."""

from __future__ import annotations

import io
import json
import random
import re
from pathlib import Path

import pytest
from rich.console import Console

from rehearse import cli
from rehearse.cli.render import render_question_bank
from rehearse.errors import BadInputError, RehearseError
from rehearse.prompts import (
    LEVEL_IDS,
    LP_IDS,
    MIN_QUESTIONS_PER_LP,
    REQUIRED_PROBE_KINDS,
    load_levels,
    load_question_bank,
    normalise_id,
    validate_level,
    validate_lp,
)

# The ids issue 2 fixes as the contract with the CLI, the rubric and the store.
ISSUE_LP_IDS = """customer_obsession ownership invent_and_simplify are_right_a_lot learn_and_be_curious
hire_and_develop_the_best insist_on_the_highest_standards think_big bias_for_action frugality earn_trust
dive_deep have_backbone_disagree_and_commit deliver_results strive_to_be_earths_best_employer
success_and_scale_bring_broad_responsibility""".split()

MINIMAL_LP = """
[[lp]]
id = "ownership"
name = "Ownership"
summary = "Own it."
{questions}
{probes}
"""


def _questions(n: int, prefix: str = "ownership") -> str:
    return "".join(f'[[lp.questions]]\nid = "{prefix}-{i}"\ntext = "Question {i}?"\n' for i in range(1, n + 1))


def _probes(kinds=REQUIRED_PROBE_KINDS, prefix: str = "ownership") -> str:
    return "".join(f'[[lp.probes]]\nid = "{prefix}-{k}"\nkind = "{k}"\ntext = "Probe {k}?"\n' for k in kinds)


def _write(tmp_path: Path, text: str, name: str = "questions.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- the shipped question bank ------------------------------------------------------------


def test_bank_has_exactly_the_sixteen_lps_in_canonical_order():
    bank = load_question_bank()
    assert list(bank.ids) == ISSUE_LP_IDS
    assert tuple(ISSUE_LP_IDS) == LP_IDS


@pytest.mark.parametrize("lp_id", ISSUE_LP_IDS)
def test_every_lp_has_enough_questions_and_all_probe_kinds(lp_id):
    lp = load_question_bank().get(lp_id)
    assert lp.name and lp.summary and "\n" not in lp.summary
    assert len(lp.questions) >= MIN_QUESTIONS_PER_LP
    for q in lp.questions:
        assert re.fullmatch(rf"{lp_id}-\d+", q.id), q.id
        assert q.lp == lp_id
        assert q.text.endswith(("?", ".")), q.text
    for kind in REQUIRED_PROBE_KINDS:
        probe = lp.probe(kind)
        assert probe is not None, f"{lp_id} lacks a {kind} probe"
        assert probe.text.endswith("?"), probe.text


def test_ids_and_question_texts_are_unique_across_the_bank():
    bank = load_question_bank()
    ids = [q.id for q in bank.all_questions()] + [p.id for lp in bank.lps for p in lp.probes]
    assert len(ids) == len(set(ids))
    texts = [q.text.lower() for q in bank.all_questions()]
    assert len(texts) == len(set(texts))


def test_ownership_probes_follow_the_seed_angles():
    # The seed's four follow-ups: escalation/hand-off, motivation, verification, reflection.
    lp = load_question_bank().get("ownership")
    assert "escalate" in lp.probe("escalation").text.lower()
    assert "asked" in lp.probe("motivation").text.lower()
    assert "work" in lp.probe("verification").text.lower()
    assert "scope boundary" in " ".join(lp.listen_for)


def test_question_lookup_and_probe_lookup():
    bank = load_question_bank()
    assert bank.question("ownership-1").lp == "ownership"
    assert bank.probe("dive_deep", "verification").id == "dive_deep-verification"
    with pytest.raises(BadInputError):
        bank.question("ownership-999")
    with pytest.raises(BadInputError, match="escalation"):
        bank.probe("ownership", "nonsense")


def test_random_question_is_reproducible_with_a_seeded_rng_and_stays_in_the_lp():
    bank = load_question_bank()
    first = [bank.random_question("frugality", random.Random(7)).id for _ in range(3)]
    again = [bank.random_question("frugality", random.Random(7)).id for _ in range(3)]
    assert first == again
    rng = random.Random(1)
    picked = {bank.random_question("think_big", rng).id for _ in range(60)}
    assert picked <= {q.id for q in bank.get("think_big").questions}
    assert len(picked) > 1
    any_lp = {bank.random_question(None, rng).lp for _ in range(200)}
    assert len(any_lp) > 8


# -- validation of user-given ids -----------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("ownership", "ownership"),
        ("Customer-Obsession", "customer_obsession"),
        ("Have Backbone; Disagree and Commit", "have_backbone_disagree_and_commit"),
        ("Strive to Be Earth's Best Employer", "strive_to_be_earths_best_employer"),
        ("  DIVE_DEEP ", "dive_deep"),
    ],
)
def test_validate_lp_accepts_ids_and_names(given, expected):
    assert validate_lp(given).id == expected


def test_unknown_lp_lists_every_valid_id_in_the_hint():
    with pytest.raises(BadInputError) as caught:
        validate_lp("ownershp")
    assert "ownershp" in caught.value.message
    for lp_id in ISSUE_LP_IDS:
        assert lp_id in caught.value.hint


def test_unknown_level_lists_the_valid_levels():
    with pytest.raises(BadInputError) as caught:
        validate_level("principal")
    assert "principal" in caught.value.message
    assert "mid" in caught.value.hint and "senior" in caught.value.hint


def test_normalise_id():
    assert normalise_id("Are Right, A Lot") == "are_right_a_lot"
    assert normalise_id("Success & Scale") == "success_scale"


# -- levels -----------------------------------------------------------------------------------


def test_levels_match_issue_targets():
    levels = load_levels()
    assert levels.ids == LEVEL_IDS
    mid, senior = validate_level("mid"), validate_level("SENIOR")
    assert (mid.target_min_s, mid.target_max_s) == (None, 120)
    assert (senior.target_min_s, senior.target_max_s) == (150, 180)
    assert levels.situation_amber_s == 60 and levels.situation_overrun_s == 90
    assert levels.setup_max_share <= 0.25
    assert 0 < levels.action_min_share < 1


@pytest.mark.parametrize(
    ("level", "total", "verdict"),
    [
        ("mid", 60.0, "ok"),
        ("mid", 120.0, "ok"),
        ("mid", 120.5, "too_long"),
        ("senior", 149.0, "too_short"),
        ("senior", 150.0, "ok"),
        ("senior", 180.0, "ok"),
        ("senior", 181.0, "too_long"),
    ],
)
def test_length_verdict(level, total, verdict):
    assert validate_level(level).length_verdict(total) == verdict


def test_window_labels():
    assert validate_level("mid").window_label == "under 2:00"
    assert validate_level("senior").window_label == "2:30–3:00"


def test_drill_targets_for_issue_6():
    levels = load_levels()
    senior, mid = levels.get("senior"), levels.get("mid")
    sprint = levels.drill("situation_sprint")
    assert sprint.sections == ("situation", "task")
    assert sprint.window(senior) == (None, 30)
    rapid = levels.drill("follow_up_rapid_fire")
    assert rapid.probes == REQUIRED_PROBE_KINDS
    assert rapid.window(mid) == (None, 30)
    full = levels.drill("full_story")
    assert full.window(senior) == (150, 180)
    assert full.window(mid) == (None, 120)
    with pytest.raises(BadInputError, match="situation_sprint"):
        levels.drill("marathon")


# -- malformed files ------------------------------------------------------------------------


def test_malformed_toml_names_the_file(tmp_path):
    path = _write(tmp_path, 'schema_version = 1\n[[lp]\nid = "x"\n')
    with pytest.raises(RehearseError) as caught:
        load_question_bank(path)
    assert str(path) in caught.value.message
    assert "TOML" in caught.value.message


def test_missing_file_is_a_rehearse_error(tmp_path):
    with pytest.raises(RehearseError, match="missing"):
        load_levels(tmp_path / "levels.toml")


def test_minimal_valid_bank_loads(tmp_path):
    path = _write(tmp_path, MINIMAL_LP.format(questions=_questions(4), probes=_probes()))
    bank = load_question_bank(path)
    assert bank.ids == ("ownership",)
    assert bank.source == path


@pytest.mark.parametrize(
    ("questions", "probes", "problem"),
    [
        (_questions(3), _probes(), "at least 4 questions"),
        (_questions(4), _probes(REQUIRED_PROBE_KINDS[:3]), "reflection"),
        (_questions(4), _probes((*REQUIRED_PROBE_KINDS, "gossip")), "unknown kind"),
        (_questions(4) + '[[lp.questions]]\nid = "ownership-1"\ntext = "Again?"\n', _probes(), "duplicate"),
        (_questions(4) + '[[lp.questions]]\nid = "ownership-9"\ntext = ""\n', _probes(), "non-empty"),
    ],
)
def test_schema_problems_name_file_and_lp(tmp_path, questions, probes, problem):
    path = _write(tmp_path, MINIMAL_LP.format(questions=questions, probes=probes))
    with pytest.raises(RehearseError) as caught:
        load_question_bank(path)
    assert str(path) in caught.value.message
    assert "ownership" in caught.value.message
    assert problem in caught.value.message


def test_bad_levels_file_is_reported(tmp_path):
    text = Path(load_levels().source).read_text(encoding="utf-8").replace("amber_s = 60", "amber_s = 95")
    path = _write(tmp_path, text, "levels.toml")
    with pytest.raises(RehearseError, match="amber_s must be below overrun_s"):
        load_levels(path)


def test_edited_file_is_reloaded(tmp_path):
    path = _write(tmp_path, MINIMAL_LP.format(questions=_questions(4), probes=_probes()))
    assert len(load_question_bank(path).get("ownership").questions) == 4
    path.write_text(MINIMAL_LP.format(questions=_questions(6), probes=_probes()), encoding="utf-8")
    assert len(load_question_bank(path).get("ownership").questions) == 6


# -- output: to_dict, rich rendering, the CLI -----------------------------------------------


def test_to_dict_all_and_one_lp():
    bank = load_question_bank()
    everything = bank.to_dict()
    assert [lp["id"] for lp in everything["lps"]] == ISSUE_LP_IDS
    one = bank.to_dict(lp="Dive Deep")
    assert [lp["id"] for lp in one["lps"]] == ["dive_deep"]
    assert {p["kind"] for p in one["lps"][0]["probes"]} >= set(REQUIRED_PROBE_KINDS)
    json.dumps(everything)  # plain data only
    with pytest.raises(BadInputError):
        bank.to_dict(lp="nope")


def test_render_shows_questions_and_probes_of_one_lp():
    buffer = io.StringIO()
    bank = load_question_bank()
    render_question_bank(bank, lp="frugality", console=Console(file=buffer, width=200))
    out = buffer.getvalue()
    for q in bank.get("frugality").questions:
        assert q.text in out
    assert bank.get("frugality").probe("escalation").text in out
    assert "Ownership" not in out


def test_cli_prompts_json(capsys):
    assert cli.main(["prompts", "--lp", "ownership", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["lps"][0]["id"] == "ownership"
    assert len(data["lps"][0]["questions"]) >= 4


def test_cli_prompts_unknown_lp_exits_2_with_valid_ids(capsys):
    assert cli.main(["prompts", "--lp", "kindness"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "kindness" in err and "deliver_results" in err
