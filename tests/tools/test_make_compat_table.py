"""docs/compat.md is what tools/make_compat_table.py writes, and covers the usage table."""

import re

import pytest

from tools import make_compat_table

ROW = re.compile(
    r"^\| `(?P<symbol>[^`]+)` \| (?P<count>[\d-]+) \| (?P<status>[^|]+) \| "
    r"(?P<compared>[^|]*) \| (?P<note>.*) \|$"
)


@pytest.fixture(scope="module")
def rendered():
    return make_compat_table.render()


@pytest.fixture(scope="module")
def rows(rendered):
    return {match["symbol"]: match for match in map(ROW.match, rendered.splitlines()) if match}


def test_docs_compat_md_is_up_to_date(rendered):
    written = make_compat_table.OUTPUT.read_text(encoding="utf-8")
    assert written == rendered, "run python tools/make_compat_table.py"


def test_every_symbol_used_by_two_programs_has_a_row(rows):
    used = [symbol for symbol, _ in make_compat_table.usage()]
    assert len(used) > 100
    assert set(used) | set(make_compat_table.EXTRA) <= set(rows)
    assert {row["status"] for row in rows.values()} == {"supported", "partial", "not supported"}


def test_what_is_missing_or_partial_is_explained(rows):
    for symbol, row in rows.items():
        if row["status"] != "supported":
            assert row["note"].strip(), symbol


@pytest.mark.parametrize(
    "symbol, status, advice",
    [
        ("tf.nn.conv2d", "supported", ""),
        ("tf.estimator.Estimator", "not supported", "Estimator"),
        ("tf.train.import_meta_graph", "supported", ""),
        ("tf.import_graph_def", "supported", ""),
        ("tf.graph_util.convert_variables_to_constants", "supported", ""),
        ("tf.saved_model.simple_save", "supported", ""),
        ("tf.reduce_mean", "supported", ""),
        ("tf.random_normal", "supported", ""),
        ("tf.data.Dataset.shuffle", "partial", "Philox"),
        ("tf.Session", "supported", ""),
        ("tf.mul", "supported", ""),
    ],
)
def test_known_rows(rows, symbol, status, advice):
    assert rows[symbol]["status"] == status
    assert advice in rows[symbol]["note"]


def test_check_mode_reports_a_stale_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(make_compat_table, "OUTPUT", tmp_path / "compat.md")
    assert make_compat_table.main(["--check"]) == 1
    assert "out of date" in capsys.readouterr().out
    assert make_compat_table.main([]) == 0
    assert make_compat_table.main(["--check"]) == 0
