from __future__ import annotations

import pytest

from rehearse.cli.commands import apply_settings, main
from rehearse.cli.parser import build_parser
from rehearse.config import Settings, config_path, load_settings, template, write_template
from rehearse.errors import BadInputError


def test_defaults_when_no_file():
    assert load_settings() == Settings()


def test_template_documents_every_setting_and_parses_when_uncommented(tmp_path):
    text = template()
    for name in Settings.__dataclass_fields__:
        assert f"# {name} = " in text
    uncommented = "\n".join(
        line[2:] for line in text.splitlines() if line.startswith("# ") and " = " in line and '""' not in line
    )
    path = tmp_path / "config.toml"
    path.write_text(uncommented)
    assert load_settings(path) == Settings()


def test_file_is_private_and_not_overwritten():
    path = write_template()
    assert path == config_path()
    assert path.stat().st_mode & 0o777 == 0o600
    with pytest.raises(BadInputError, match="already exists"):
        write_template()


@pytest.mark.parametrize("body,needle", [("levl = 'mid'", "unknown setting"), ("beam_size = 'five'", "wrong type"),
                                         ("speak_prompts = 1", "wrong type"), ("level = ", "cannot read")])
def test_bad_settings_are_one_clear_error(body, needle):
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text(body)
    with pytest.raises(BadInputError, match=needle):
        load_settings()


def test_command_line_wins_over_settings_and_settings_fill_the_rest():
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text('level = "senior"\nlp = "dive_deep"\ninput_device = 3\n')
    args = apply_settings(build_parser().parse_args(["record", "--lp", "frugality"]))
    assert (args.level, args.lp, args.device) == ("senior", "frugality", "3")
    listing = apply_settings(build_parser().parse_args(["prompts"]))
    assert listing.lp is None  # "all", not the default LP


def test_config_command_reports_a_broken_file_in_one_line(capsys):
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text("beam_size = 0\n")
    assert main(["config"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "beam_size" in err[0]
