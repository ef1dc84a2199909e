"""Credit-card fraud data for the cheat lab: a CSV, the OpenML copy, or a synthetic stand-in."""

from __future__ import annotations

import csv
import json
import math
import urllib.request
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tinytf.datasets.storage import ChecksumError, data_home, download, file_digest

FEATURES = tuple(f"V{index}" for index in range(1, 29))
OPENML_DATA_ID = 1597
OPENML_API = "https://api.openml.org"
FULL_SET_ROWS, FULL_SET_FRAUDS = 284_807, 492
# The csv module refuses fields over 128 KiB; a longer one is still an error, and a
# clear one, past this limit (a real field of this data set is a number).
FIELD_SIZE_LIMIT = 16 << 20


@dataclass
class CreditCardData:
    """Transactions as float32 features [N, 28] (V1..V28) and int64 labels [N] (1 = fraud)."""

    features: np.ndarray
    labels: np.ndarray
    source: str
    synthetic: bool = False


def load_creditcard(
    csv_paths=None, data_dir=None, download_missing=True, openml_api=OPENML_API, progress=True
) -> CreditCardData:
    """The fraud data from the first place that has it.

    1. `csv_paths` (one path or several, rows merged);
    2. `<data folder>/creditcard/creditcard.csv`, the cached OpenML `creditcard.arff`, or
       else every *.csv in `<data folder>/creditcard` (the shared sample);
    3. OpenML data set 1597, downloaded into `<data folder>/creditcard`;
    4. a synthetic stand-in of the full set's shape, with a warning saying so.
    """
    if csv_paths is not None:
        paths = [csv_paths] if isinstance(csv_paths, str | Path) else list(csv_paths)
        return read_creditcard_csv(*paths)
    folder = data_home(data_dir) / "creditcard"
    for name in ("creditcard.csv", "creditcard.arff"):
        if (folder / name).is_file():
            return read_creditcard_csv(folder / name)
    sample = sorted(folder.glob("*.csv")) if folder.is_dir() else []
    if sample:
        return read_creditcard_csv(*sample)
    reason = "downloads are switched off"
    if download_missing:
        try:
            return read_creditcard_csv(fetch_openml_creditcard(folder, openml_api, progress))
        except (OSError, ValueError, KeyError) as error:
            reason = f"the OpenML download failed ({error})"
    message = (
        f"no credit-card data in {folder} and {reason}: using a SYNTHETIC stand-in. "
        f"Put creditcard.csv there or pass --csv for the real data."
    )
    warnings.warn(message, stacklevel=2)
    data = make_synthetic_creditcard()
    data.source = f"synthetic stand-in (seeded): {message}"
    return data


def read_creditcard_csv(*paths) -> CreditCardData:
    """Reads and checks creditcard CSV (or OpenML ARFF) files, merging their rows.

    Every file needs a header with V1..V28 and Class; each row needs as many numeric
    columns as the header and a Class of 0 or 1 (quoted or not), else ValueError names
    the file and line. Time and Amount are dropped; exact duplicate rows are kept once,
    so no copy of a row can land in both a training and a test split.
    """
    tables = [_read_table(Path(path)) for path in paths]
    rows = np.concatenate(tables)
    _, first_seen = np.unique(rows, axis=0, return_index=True)
    rows = rows[np.sort(first_seen)]
    names = ", ".join(str(path) for path in paths)
    duplicates = sum(len(table) for table in tables) - len(rows)
    return CreditCardData(
        features=rows[:, :-1].astype(np.float32),
        labels=rows[:, -1].astype(np.int64),
        source=f"{names} ({len(rows)} rows, {int(rows[:, -1].sum())} frauds, "
        f"{duplicates} duplicate rows dropped)",
    )


def _read_table(path: Path) -> np.ndarray:
    """Rows of [Time?, V1..V28, Amount?, Class] as float64, in the order FEATURES + Class."""
    previous_limit = csv.field_size_limit(FIELD_SIZE_LIMIT)
    try:
        with path.open("rb") as stream:
            text = _decoded_lines(stream, path)
            try:
                return _parse_table(text, path)
            except csv.Error as error:
                line = text.line_number
                if "field larger than field limit" in str(error):
                    raise ValueError(
                        f"{path}, line {line}: a field is longer than {FIELD_SIZE_LIMIT >> 20} MiB"
                    ) from None
                raise ValueError(f"{path}, line {line}: not valid CSV ({error})") from None
    finally:
        csv.field_size_limit(previous_limit)


def _parse_table(text, path: Path) -> np.ndarray:
    if path.suffix.lower() == ".arff":
        header, first_line = _arff_header(text, path)
        lines = csv.reader(text, quotechar="'", skipinitialspace=True)
    else:
        lines = csv.reader(text)
        header, first_line = next(lines, None), 1
        if header is None:
            raise ValueError(f"{path} is empty: expected a header with V1..V28 and Class")
        header = [name.strip().strip('"') for name in header]
    missing = [name for name in (*FEATURES, "Class") if name not in header]
    if missing:
        raise ValueError(
            f"{path}, line {first_line}: the header lacks columns {', '.join(missing)}"
        )
    wanted = [header.index(name) for name in (*FEATURES, "Class")]
    rows = []
    for fields in lines:
        if not fields or fields[0].startswith("%"):
            continue
        rows.append(_parse_row(fields, header, wanted, path, text.line_number))
    if not rows:
        raise ValueError(f"{path} has a header but no rows")
    return np.array(rows)


class _decoded_lines:  # noqa: N801 - used as an iterator of lines, like a text file
    """A binary file's lines decoded as UTF-8, counted: a byte that is not UTF-8 is a
    ValueError naming the file, the line and the column."""

    def __init__(self, stream, path: Path) -> None:
        self._stream = stream
        self._path = path
        self.line_number = 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        raw = self._stream.readline()
        if not raw:
            raise StopIteration
        self.line_number += 1
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ValueError(
                f"{self._path}, line {self.line_number}, column {error.start + 1}: "
                f"byte {raw[error.start : error.start + 1]!r} is not UTF-8 text"
            ) from None


def _parse_row(fields, header, wanted, path, line_number):
    if len(fields) != len(header):
        raise ValueError(
            f"{path}, line {line_number}: expected {len(header)} columns, found {len(fields)}"
        )
    values = []
    for column in wanted:
        try:
            values.append(float(fields[column]))
        except ValueError:
            raise ValueError(
                f"{path}, line {line_number}, column {header[column]}: "
                f"{_shortened(fields[column])} is not a number"
            ) from None
        if not math.isfinite(values[-1]):
            raise ValueError(
                f"{path}, line {line_number}, column {header[column]}: "
                f"{fields[column]!r} is not a finite number"
            )
    if values[-1] not in (0.0, 1.0):
        raise ValueError(
            f"{path}, line {line_number}: Class must be 0 or 1, got "
            f"{_shortened(fields[wanted[-1]])}"
        )
    return values


def _shortened(text: str, limit: int = 40) -> str:
    """`text` quoted, cut to `limit` characters: a message never quotes a whole huge field."""
    return repr(text) if len(text) <= limit else f"{text[:limit]!r}... ({len(text)} characters)"


def _arff_header(stream, path):
    """Attribute names of an ARFF file, leaving `stream` at the first data line."""
    names = []
    for line_number, line in enumerate(stream, start=1):
        words = line.split()
        if not words:
            continue
        keyword = words[0].lower()
        if keyword == "@attribute":
            if len(words) < 2:
                raise ValueError(f"{path}, line {line_number}: @attribute without a name")
            names.append(words[1].strip("'\""))
        elif keyword == "@data":
            return names, line_number
    raise ValueError(f"{path} has no @data section")


def fetch_openml_creditcard(folder: Path, api: str = OPENML_API, progress=True) -> Path:
    """Downloads OpenML data set 1597 as `folder/creditcard.arff`, checked against its MD5."""
    with urllib.request.urlopen(f"{api}/api/v1/json/data/{OPENML_DATA_ID}", timeout=30) as reply:
        description = json.load(reply)["data_set_description"]
    expected = description["md5_checksum"]

    def verify(path: Path) -> None:
        digest = file_digest(path, algorithm="md5")
        if digest != expected:
            raise ChecksumError(f"md5 of {description['url']} is {digest}, expected {expected}")

    return download(description["url"], Path(folder) / "creditcard.arff", verify, progress)


def make_synthetic_creditcard(
    rows: int = FULL_SET_ROWS, frauds: int = FULL_SET_FRAUDS, seed: int = 0
) -> CreditCardData:
    """A labelled stand-in with the real set's shape: 28 features, 0.17% frauds.

    Normal rows are Gaussian with shrinking variances, as PCA components are; frauds
    are shifted along a few components and more spread out, so they overlap a little.
    """
    generator = np.random.default_rng(seed)
    scales = np.linspace(1.9, 0.3, len(FEATURES))
    features = generator.standard_normal((rows, len(FEATURES))) * scales
    labels = np.zeros(rows, dtype=np.int64)
    fraud_rows = generator.choice(rows, size=frauds, replace=False)
    labels[fraud_rows] = 1
    shift = np.zeros(len(FEATURES))
    shift[[2, 3, 9, 10, 11, 13, 16]] = [-2.5, 2.0, -2.0, 1.5, -2.5, -3.0, -2.0]
    features[fraud_rows] = features[fraud_rows] * 1.8 + shift * scales
    return CreditCardData(
        features.astype(np.float32),
        labels,
        source=f"synthetic stand-in (seed {seed}, {rows} rows, {frauds} frauds)",
        synthetic=True,
    )
