"""Credit-card CSV validation, the shared sample, the OpenML fetch and the synthetic stand-in."""

import hashlib
import json

import numpy as np
import pytest

from tinytf.datasets import load_creditcard, make_synthetic_creditcard, read_creditcard_csv

HEADER = ["Time", *(f"V{index}" for index in range(1, 29)), "Amount", "Class"]


def _row(time, fraud, shift=0.0):
    return [str(time), *(f"{0.1 * index + shift:.3f}" for index in range(28)), "9.99", f'"{fraud}"']


def _write_csv(path, rows, header=HEADER):
    path.write_text("\n".join(",".join(row) for row in [header, *rows]) + "\n")
    return path


def test_reads_features_and_quoted_class(tmp_path):
    path = _write_csv(tmp_path / "cards.csv", [_row(0, 0), _row(1, 1, shift=1.0)])
    data = read_creditcard_csv(path)
    assert data.features.shape == (2, 28) and data.features.dtype == np.float32
    np.testing.assert_array_equal(data.labels, [0, 1])
    np.testing.assert_allclose(data.features[1, :3], [1.0, 1.1, 1.2])
    assert not data.synthetic and "2 rows, 1 frauds" in data.source


def test_duplicates_are_kept_once_across_files(tmp_path):
    first = _write_csv(tmp_path / "a.csv", [_row(0, 0), _row(5, 0), _row(1, 1, shift=2.0)])
    second = _write_csv(tmp_path / "b.csv", [_row(1, 1, shift=2.0), _row(2, 1, shift=3.0)])
    data = read_creditcard_csv(first, second)
    np.testing.assert_array_equal(data.labels, [0, 1, 1])
    assert "2 duplicate rows dropped" in data.source


def test_bad_number_names_line_and_column(tmp_path):
    rows = [_row(0, 0), _row(1, 0), _row(2, 0)]
    rows[1][5] = "n/a"
    path = _write_csv(tmp_path / "bad.csv", rows)
    with pytest.raises(ValueError, match=r"bad.csv, line 3, column V5: 'n/a' is not a number"):
        read_creditcard_csv(path)


def test_wrong_column_count_and_class(tmp_path):
    path = _write_csv(tmp_path / "short.csv", [_row(0, 0), _row(1, 0)[:-1]])
    with pytest.raises(ValueError, match="short.csv, line 3: expected 31 columns, found 30"):
        read_creditcard_csv(path)
    path = _write_csv(tmp_path / "class.csv", [_row(0, 2)])
    with pytest.raises(ValueError, match=r"line 2: Class must be 0 or 1, got '2'"):
        read_creditcard_csv(path)


def test_header_is_checked(tmp_path):
    path = _write_csv(tmp_path / "header.csv", [_row(0, 0)[:-1]], header=HEADER[:-1])
    with pytest.raises(ValueError, match="header.csv, line 1: the header lacks columns Class"):
        read_creditcard_csv(path)
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(ValueError, match="empty.csv is empty"):
        read_creditcard_csv(tmp_path / "empty.csv")


def test_shared_sample(shared_data):
    data = load_creditcard(data_dir=shared_data, download_missing=False)
    # 5,000 + 492 rows, less the frauds that are in both files or repeated.
    assert data.features.shape[1] == 28 and 5300 < len(data.labels) < 5492
    assert 470 <= data.labels.sum() <= 492
    assert "first5000.csv" in data.source and "frauds492.csv" in data.source


def _serve_arff(served, base_url, md5=None):
    arff = (
        "\n".join(
            [
                "% the OpenML copy quotes the class",
                "@RELATION creditcard",
                *(f"@ATTRIBUTE {name} {'{0,1}' if name == 'Class' else 'REAL'}" for name in HEADER),
                "@DATA",
                ",".join(_row(0, 0)[:-1] + ["'0'"]),
                ",".join(_row(3, 1, 1.5)[:-1] + ["'1'"]),
            ]
        )
        + "\n"
    )
    (served / "creditcard.arff").write_text(arff)
    description = {
        "data_set_description": {
            "url": base_url + "creditcard.arff",
            "md5_checksum": md5 or hashlib.md5(arff.encode()).hexdigest(),
        }
    }
    (served / "api" / "v1" / "json" / "data").mkdir(parents=True)
    (served / "api" / "v1" / "json" / "data" / "1597").write_text(json.dumps(description))


def test_openml_fetch_is_cached_then_reused(tmp_path, http_folder):
    served, base_url = http_folder
    _serve_arff(served, base_url)
    data = load_creditcard(data_dir=tmp_path, openml_api=base_url.rstrip("/"), progress=False)
    np.testing.assert_array_equal(data.labels, [0, 1])
    assert (tmp_path / "creditcard" / "creditcard.arff").is_file()
    (served / "creditcard.arff").unlink()
    again = load_creditcard(data_dir=tmp_path, openml_api="http://127.0.0.1:9/none")
    np.testing.assert_array_equal(again.features, data.features)


def test_openml_checksum_mismatch_falls_back_to_synthetic(tmp_path, http_folder):
    served, base_url = http_folder
    _serve_arff(served, base_url, md5="0" * 32)
    expected = r"OpenML download failed \(md5 of .* expected 0{32}\): using a SYNTHETIC"
    with pytest.warns(UserWarning, match=expected):
        data = load_creditcard(data_dir=tmp_path, openml_api=base_url.rstrip("/"), progress=False)
    assert data.synthetic and data.source.startswith("synthetic stand-in")
    assert [path.name for path in (tmp_path / "creditcard").iterdir()] == []


def test_synthetic_stand_in_has_the_full_sets_shape():
    data = make_synthetic_creditcard()
    assert data.features.shape == (284_807, 28) and data.labels.sum() == 492
    again = make_synthetic_creditcard()
    np.testing.assert_array_equal(data.features[:100], again.features[:100])
    fraud_mean = data.features[data.labels == 1].mean(axis=0)
    assert fraud_mean[13] < -1.0  # frauds stand out along a few components


def test_offline_without_files_warns_and_uses_the_stand_in(tmp_path):
    with pytest.warns(UserWarning, match=rf"no credit-card data in {tmp_path}"):
        data = load_creditcard(data_dir=tmp_path, download_missing=False)
    assert data.synthetic
