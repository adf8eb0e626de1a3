"""`rehearse check` on odd input: JSON that is not a report, NaN, a BOM, a language other than English."""

from __future__ import annotations

import json

import pytest

from rehearse.analysis.pipeline import check_transcript
from rehearse.cli import main
from rehearse.errors import BadInputError

ANSWER = "I owned the outage. I fixed the retry handler myself. The drop rate went to zero."
WORDS = [{"w": w, "start_s": i * 0.5, "end_s": i * 0.5 + 0.4} for i, w in enumerate(ANSWER.split())]


def with_duration(literal: str) -> str:
    """analyze's JSON with ``duration_s`` written as this literal (NaN is not something json.dumps writes)."""
    return json.dumps({"duration_s": "@", "transcript": {"text": "x", "words": WORDS}}).replace('"@"', literal)


def write(tmp_path, name: str, content: str | bytes):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return str(path)


@pytest.mark.parametrize(
    "content, expected",
    [
        ("[1, 2]", "a list"),
        ("null", "null"),
        ('"I fixed it myself and it worked."', "a string"),
        ('{"schema_version": 99, "transcript": {"text": "I fixed it."}}', "schema_version 99"),
        ('{"schema_version": "one", "transcript": {"text": "I fixed it."}}', "schema_version"),
    ],
)
def test_json_that_is_not_a_report_is_rejected_with_what_was_expected(tmp_path, content, expected):
    path = write(tmp_path, "answer.json", content)
    with pytest.raises(BadInputError) as err:
        check_transcript(path, "mid", "ownership")
    assert expected in str(err.value)
    assert "expected" in str(err.value) or "schema_version 1" in str(err.value)


def test_json_list_exits_2_with_one_line(tmp_path, capsys):
    assert main(["check", write(tmp_path, "answer.json", "[]"), "--json"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1 and "expected a JSON object" in err


def test_schema_version_1_and_missing_are_accepted(tmp_path):
    for extra in ({"schema_version": 1}, {}):
        data = {**extra, "transcript": {"text": ANSWER, "words": WORDS}}
        report = check_transcript(write(tmp_path, "r.json", json.dumps(data)), "mid", "ownership")
        assert report.transcript is not None and report.transcript.words


def test_nan_duration_never_reaches_the_output(tmp_path, capsys):
    raw = with_duration("NaN")
    code = main(["check", write(tmp_path, "r.json", raw), "--json"])
    out, err = capsys.readouterr()
    assert "NaN" not in out
    if code == 0:  # recomputed: the output must be strict JSON
        json.loads(out, parse_constant=lambda c: pytest.fail(f"bare {c} in the output"))
    else:
        assert code == 2 and "NaN" in err


@pytest.mark.parametrize("duration", ['"long"', "-5", "Infinity"])
def test_a_bad_duration_is_rejected_or_recomputed_never_a_traceback(tmp_path, capsys, duration):
    raw = with_duration(duration)
    code = main(["check", write(tmp_path, "r.json", raw), "--json"])
    out, _err = capsys.readouterr()
    assert code in (0, 2)
    assert "Infinity" not in out and "NaN" not in out
    if code == 0:
        assert json.loads(out)["duration_s"] >= WORDS[-1]["end_s"]


def test_malformed_sections_are_one_line_not_a_traceback(tmp_path, capsys):
    raw = json.dumps({"sections": ["not a section"], "transcript": {"text": ANSWER, "words": WORDS}})
    assert main(["check", write(tmp_path, "r.json", raw)]) == 2
    assert "malformed" in capsys.readouterr().err


def test_a_utf8_bom_is_stripped(tmp_path):
    report = check_transcript(write(tmp_path, "a.txt", b"\xef\xbb\xbf" + ANSWER.encode()), "mid", "ownership")
    assert "\ufeff" not in report.text
    assert all("\ufeff" not in s.text for sec in report.sections for s in sec.sentences)
    assert report.sections[0].sentences[0].text.startswith("I owned")


def test_a_bom_before_json_is_stripped(tmp_path):
    raw = b"\xef\xbb\xbf" + json.dumps({"transcript": {"text": ANSWER, "words": WORDS}}).encode()
    report = check_transcript(write(tmp_path, "r.json", raw), "mid", "ownership")
    assert report.transcript is not None


@pytest.mark.parametrize(
    "text",
    [
        "我发现结账服务每天丢失一些付款回调。我找到了原因并修复了它。丢失率降到了零。",
        "Ich habe bemerkt, dass unser Dienst Zahlungen verliert. Ich habe den Fehler selbst behoben. "
        "Danach war die Fehlerquote bei null und das Team hat die Lösung übernommen.",
        "لاحظت أن خدمة الدفع تفقد بعض الرسائل. أصلحت المشكلة بنفسي. انخفض معدل الفقد إلى الصفر.",
        "Я заметил, что сервис теряет платежи. Я сам исправил ошибку. Потери упали до нуля.",
    ],
)
def test_non_english_answers_get_one_consistent_message(tmp_path, text):
    with pytest.raises(BadInputError) as err:
        check_transcript(write(tmp_path, "a.txt", text), "mid", "ownership")
    assert "rehearse grades English answers" in str(err.value)


def test_english_with_a_few_foreign_words_is_still_graded(tmp_path):
    text = ANSWER + " My manager said 'sehr gut' and the café team adopted the alert, naïve as it sounds."
    report = check_transcript(write(tmp_path, "a.txt", text), "mid", "ownership")
    assert report.rubric.findings


def test_probe_answers_follow_the_same_language_rule(tmp_path):
    from rehearse.analysis.pipeline import grade_probe_file

    with pytest.raises(BadInputError, match="rehearse grades English answers"):
        grade_probe_file(write(tmp_path, "a.txt", "我自己测试了修复。然后我检查了日志。"), "verification")


def test_json_output_is_strict_even_if_a_number_went_wrong():
    from rehearse.analysis.report import json_text

    text = json_text({"duration_s": float("nan"), "delivery": {"wpm": [1.5, float("inf")]}, "ok": 2.0})
    data = json.loads(text, parse_constant=lambda c: pytest.fail(f"bare {c}"))
    assert data == {"duration_s": None, "delivery": {"wpm": [1.5, None]}, "ok": 2.0}


def test_the_rubric_on_plain_text_follows_the_same_language_rule():
    from rehearse.analysis.pipeline import check_text

    with pytest.raises(BadInputError, match="rehearse grades English answers"):
        check_text("我发现结账服务丢失了付款回调。我修复了它。", "mid", "ownership")
