"""tf.app.run and tf.flags: defining, parsing and reading command-line flags."""

import pytest

import tinytf as tf
from tinytf import flags


@pytest.fixture
def values():
    registry = flags.FlagValues()
    flags.DEFINE_string("data_dir", "/tmp/data", "where the data is", flag_values=registry)
    flags.DEFINE_integer("steps", 100, "training steps", lower_bound=1, flag_values=registry)
    flags.DEFINE_float("learning_rate", 1, "step size", flag_values=registry)
    flags.DEFINE_boolean("fake", False, "use fake data", flag_values=registry)
    flags.DEFINE_enum("optimizer", "sgd", ["sgd", "adam"], "optimizer", flag_values=registry)
    flags.DEFINE_list("hidden", "256,128", "layer sizes", flag_values=registry)
    return registry


def test_defaults_are_parsed_to_the_flag_types(values):
    values([])
    assert values.data_dir == "/tmp/data" and values.steps == 100
    assert values.learning_rate == 1.0 and isinstance(values.learning_rate, float)
    assert values.fake is False and values.optimizer == "sgd"
    assert values.hidden == ["256", "128"]


def test_command_line_forms(values):
    remaining = values(
        [
            "prog",
            "--data_dir=/d",
            "--steps",
            "5",
            "input.txt",
            "--fake",
            "--learning_rate=0.5",
            "--optimizer=adam",
            "--hidden=8",
            "--",
            "--not-a-flag",
        ]
    )
    assert remaining == ["prog", "input.txt", "--not-a-flag"]
    assert (values.data_dir, values.steps, values.learning_rate) == ("/d", 5, 0.5)
    assert values.fake is True and values.optimizer == "adam" and values.hidden == ["8"]
    values(["prog", "--nofake", "--fake=false"])
    assert values.fake is False
    assert values.flag_values_dict()["steps"] == 5


def test_bad_values_and_unknown_flags(values):
    with pytest.raises(flags.IllegalFlagValueError, match="flag --steps=abc"):
        values(["prog", "--steps=abc"])
    with pytest.raises(flags.IllegalFlagValueError, match="is not >= 1"):
        values(["prog", "--steps=0"])
    with pytest.raises(flags.IllegalFlagValueError, match="one of <sgd|adam>"):
        values(["prog", "--optimizer=rmsprop"])
    with pytest.raises(flags.UnrecognizedFlagError, match="Unknown command line flag 'bogus'"):
        values(["prog", "--bogus=1"])
    assert values(["prog", "--bogus=1"], known_only=True) == ["prog", "--bogus=1"]
    with pytest.raises(flags.DuplicateFlagError, match="'steps' is defined twice"):
        flags.DEFINE_integer("steps", 1, "again", flag_values=values)
    with pytest.raises(AttributeError):
        values.undefined  # noqa: B018


def test_first_read_parses_sys_argv(values, monkeypatch):
    monkeypatch.setattr("sys.argv", ["prog", "--steps=7"])
    assert not values.is_parsed()
    assert values.steps == 7 and values.is_parsed()
    values.steps = 9
    assert values.steps == 9
    values.unparse_flags()
    monkeypatch.setattr("sys.argv", ["prog"])
    assert values.steps == 100


def test_old_keyword_names(values):
    flags.DEFINE_string(
        flag_name="mode", default_value="train", docstring="what to do", flag_values=values
    )
    values([])
    assert values.mode == "train"


def test_app_run_parses_flags_and_exits_with_main(monkeypatch):
    assert tf.app.flags is tf.flags
    flags.DEFINE_integer("app_run_test_epochs", 1, "epochs")
    seen = []

    def main(argv):
        seen.append((argv, tf.flags.FLAGS.app_run_test_epochs))
        return 3

    with pytest.raises(SystemExit) as exited:
        tf.app.run(main, ["prog", "--app_run_test_epochs=4", "--other", "file"])
    assert exited.value.code == 3
    assert seen == [(["prog", "--other", "file"], 4)]


def test_app_run_reports_bad_flags(monkeypatch, capsys):
    flags.DEFINE_integer("app_run_test_bad", 1, "a number")
    with pytest.raises(SystemExit) as exited:
        tf.app.run(lambda argv: 0, ["prog", "--app_run_test_bad=x"])
    assert exited.value.code == 1
    assert "FATAL Flags parsing error: flag --app_run_test_bad=x" in capsys.readouterr().err
