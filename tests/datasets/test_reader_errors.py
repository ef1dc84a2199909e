"""Every way the MNIST IDX and credit-card CSV readers can fail is a ValueError naming the
file, and the line and column where there is one (issue 11, finding 5)."""

import numpy as np
import pytest

from tests.datasets.builders import idx_bytes, write_mnist_like
from tinytf.datasets import read_creditcard_csv, read_idx, to_one_hot
from tinytf.datasets.creditcard import FIELD_SIZE_LIMIT
from tinytf.datasets.mnist import MNIST, read_image_set

HEADER = ",".join(["Time", *(f"V{index}" for index in range(1, 29)), "Amount", "Class"])


def row(*, feature="0.5", fraud="0") -> str:
    return ",".join(["1", feature, *(["0.25"] * 27), "9.99", fraud])


def write(tmp_path, *lines, data: bytes | None = None):
    path = tmp_path / "cards.csv"
    if data is None:
        path.write_text("\n".join([HEADER, *lines]) + "\n")
    else:
        path.write_bytes(data)
    return path


class TestCreditCardCsv:
    @pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-Infinity", "1e999"])
    def test_nan_and_inf_features_are_refused_by_name(self, tmp_path, value):
        path = write(tmp_path, row(), row(feature=value))
        with pytest.raises(ValueError, match=r"cards.csv, line 3, column V1: .* not a finite"):
            read_creditcard_csv(path)

    def test_a_long_field_is_read_up_to_the_limit(self, tmp_path):
        long_number = "0." + "5" * (200 << 10)  # over the csv module's 128 KiB default
        data = read_creditcard_csv(write(tmp_path, row(feature=long_number)))
        np.testing.assert_allclose(data.features[0, 0], 5 / 9, rtol=1e-6)

    def test_a_field_over_the_limit_is_a_clear_error(self, tmp_path):
        huge = "1" + "0" * FIELD_SIZE_LIMIT
        path = write(tmp_path, row(), row(feature=huge))
        with pytest.raises(ValueError, match=r"cards.csv, line 3: a field is longer than 16 MiB"):
            read_creditcard_csv(path)

    def test_bytes_that_are_not_utf8_name_line_and_column(self, tmp_path):
        content = f"{HEADER}\n{row()}\n".encode() + b"1,0.5\xff\xfe," + b"0," * 28 + b"0\n"
        path = write(tmp_path, data=content)
        with pytest.raises(ValueError, match=r"cards.csv, line 3, column 6: byte b'\\xff'"):
            read_creditcard_csv(path)

    def test_a_nul_byte_is_a_value_error_naming_the_line(self, tmp_path):
        path = write(tmp_path, data=f"{HEADER}\n{row()}\n1,\x00\n".encode())
        with pytest.raises(ValueError, match=r"cards.csv, line 3"):
            read_creditcard_csv(path)

    def test_an_unclosed_quote_at_the_end_is_a_value_error(self, tmp_path):
        path = write(tmp_path, data=f'{HEADER}\n{row()}\n"1,2'.encode())
        with pytest.raises(ValueError, match=r"cards.csv"):
            read_creditcard_csv(path)

    def test_a_huge_bad_field_is_not_quoted_whole(self, tmp_path):
        path = write(tmp_path, row(feature="x" * 100_000))
        with pytest.raises(ValueError, match=r"100000 characters\) is not a number") as caught:
            read_creditcard_csv(path)
        assert len(str(caught.value)) < 300

    def test_an_arff_attribute_without_a_name(self, tmp_path):
        path = tmp_path / "cards.arff"
        path.write_text("@relation x\n@attribute\n@data\n")
        with pytest.raises(ValueError, match=r"cards.arff, line 2: @attribute without a name"):
            read_creditcard_csv(path)

    def test_the_field_limit_is_restored(self, tmp_path):
        import csv

        before = csv.field_size_limit()
        read_creditcard_csv(write(tmp_path, row()))
        assert csv.field_size_limit() == before


class TestIdx:
    def test_header_dimensions_whose_product_overflows(self, tmp_path):
        path = tmp_path / "images"
        header = (2051).to_bytes(4, "big") + (2**32 - 1).to_bytes(4, "big") * 3
        path.write_bytes(header + b"\x00" * 16)
        with pytest.raises(ValueError, match=r"images is truncated: its header announces shape"):
            read_idx(path, 2051)

    def test_product_that_wraps_to_the_data_size_is_still_refused(self, tmp_path):
        path = tmp_path / "images"
        # 2**16 * 2**16 * 2**16 * 2**16 wraps to 0 in int64: NumPy would expect no data.
        header = (0x0804).to_bytes(4, "big") + (2**16).to_bytes(4, "big") * 4
        path.write_bytes(header)
        with pytest.raises(ValueError, match=r"images is truncated"):
            read_idx(path, 0x0804)

    def test_an_unknown_element_type_names_the_file(self, tmp_path):
        path = tmp_path / "odd"
        path.write_bytes((0x0701).to_bytes(4, "big") + (1).to_bytes(4, "big") + b"\x00")
        with pytest.raises(ValueError, match=r"odd has an unknown IDX element type 0x07"):
            read_idx(path, 0x0701)

    def test_a_label_out_of_range_names_the_file_and_index(self, tmp_path):
        write_mnist_like(tmp_path, compress=False)
        labels = np.array([1, 2, 200, 3, 4], np.uint8)
        (tmp_path / "t10k-labels-idx1-ubyte").write_bytes(idx_bytes(labels, 2049))
        with pytest.raises(
            ValueError, match=r"t10k-labels-idx1-ubyte: label 200 at index 2 is not a class"
        ):
            read_image_set(MNIST, [tmp_path], None)

    @pytest.mark.parametrize("labels", [[0, 10], [-1, 3]])
    def test_one_hot_of_a_label_out_of_range_is_a_value_error(self, labels):
        with pytest.raises(ValueError, match=r"label -?\d+ at index \d is not a class"):
            to_one_hot(np.array(labels))

    def test_one_hot_of_labels_that_are_not_integers(self):
        with pytest.raises(ValueError, match="not one integer per image"):
            to_one_hot(np.array([0.5, 1.0]))
