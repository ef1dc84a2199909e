"""Random byte flips and truncations of checkpoints and data files: every read ends in
the original values or in an error naming the file; a checkpoint never restores
different values."""

import gzip

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tinytf as tf
from tests.datasets.builders import idx_bytes
from tests.fuzz.conftest import attempt, fuzz_settings
from tinytf.datasets import read_creditcard_csv, read_idx

DAMAGE = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 10**6), st.integers(1, 255)),
    st.tuples(st.just("truncate"), st.integers(0, 10**6), st.just(0)),
    st.tuples(st.just("append"), st.integers(1, 64), st.integers(0, 255)),
)


def damaged(content: bytes, damage) -> bytes:
    kind, position, value = damage
    if kind == "flip":
        if not content:
            return content
        position %= len(content)
        return content[:position] + bytes([content[position] ^ value]) + content[position + 1 :]
    if kind == "truncate":
        return content[: position % (len(content) + 1)]
    return content + bytes([value]) * position


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory):
    """A saved model's files, and the values it holds."""
    folder = tmp_path_factory.mktemp("checkpoint")
    values = {
        "w": np.arange(12, dtype=np.float32).reshape(3, 4),
        "step": np.int64(7),
        "names": np.array([b"a", b"bc"], dtype=object),
    }
    with tf.Graph().as_default():
        variables = [tf.Variable(value, name=name) for name, value in values.items()]
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            prefix = tf.train.Saver(variables).save(session, str(folder / "model"))
    files = {suffix: (folder / f"model{suffix}").read_bytes() for suffix in SUFFIXES}
    return prefix, files, values


SUFFIXES = (".index", ".data-00000-of-00001")


@fuzz_settings(150)
@given(suffix=st.sampled_from(SUFFIXES), damage=DAMAGE)
def test_a_damaged_checkpoint_restores_nothing_or_the_same_values(checkpoint, suffix, damage):
    prefix, files, values = checkpoint
    for name, content in files.items():
        with open(prefix + name, "wb") as stream:
            stream.write(damaged(content, damage) if name == suffix else content)
    with tf.Graph().as_default():
        variables = {
            name: tf.Variable(np.zeros_like(value), name=name) for name, value in values.items()
        }
        saver = tf.train.Saver(list(variables.values()))
        with tf.Session() as session:
            restored = attempt(lambda: saver.restore(session, prefix) or True, prefix)
            if restored:
                for name, variable in variables.items():
                    np.testing.assert_array_equal(session.run(variable), values[name])


IMAGES = np.arange(2 * 4 * 3).reshape(2, 4, 3).astype(np.uint8)


@fuzz_settings(150)
@given(damage=DAMAGE, packed=st.booleans())
def test_a_damaged_idx_file_reads_or_fails_naming_it(tmp_path_factory, damage, packed):
    path = tmp_path_factory.mktemp("idx") / ("images.gz" if packed else "images")
    content = idx_bytes(IMAGES, 2051)
    path.write_bytes(
        gzip.compress(damaged(content, damage)) if packed else damaged(content, damage)
    )
    images = attempt(lambda: read_idx(path, 2051), str(path))
    # What reads at all reads as images: the header's magic fixes three dimensions.
    assert images is None or (images.dtype == np.uint8 and images.ndim == 3)


HEADER = ",".join(["Time", *(f"V{index}" for index in range(1, 29)), "Amount", "Class"])
ROWS = [
    ",".join(
        [str(row), *[f"{0.1 * row + column:.2f}" for column in range(28)], "1.5", str(row % 2)]
    )
    for row in range(3)
]
CSV = ("\n".join([HEADER, *ROWS]) + "\n").encode()


@fuzz_settings(150)
@given(damage=DAMAGE)
def test_a_damaged_csv_reads_or_fails_naming_it(tmp_path_factory, damage):
    path = tmp_path_factory.mktemp("csv") / "cards.csv"
    path.write_bytes(damaged(CSV, damage))
    data = attempt(lambda: read_creditcard_csv(path), str(path))
    if data is not None:
        assert np.isfinite(data.features).all()
        assert set(np.unique(data.labels)) <= {0, 1}
