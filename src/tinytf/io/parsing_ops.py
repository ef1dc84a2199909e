"""`tf.decode_csv` and `tf.parse_example` / `tf.parse_single_example` (Fixed/VarLenFeature).

Malformed input raises InvalidArgumentError with TensorFlow's words, naming the record
(CSV) or the feature key (examples).
"""

from __future__ import annotations

import collections
import re

import numpy as np

from tinytf.framework import dtypes, errors
from tinytf.framework.graph import Tensor, get_default_graph, name_scope
from tinytf.framework.registry import NotDifferentiable, register_op
from tinytf.framework.shape_text import dims_text
from tinytf.framework.tensor_shape import TensorShape
from tinytf.io.example_proto import Example
from tinytf.ops.array_ops import reshape
from tinytf.ops.constant_op import constant, convert_to_tensor
from tinytf.ops.sparse_ops import SparseTensor
from tinytf.train.checkpoint_format.protobuf_wire import WireError

_INTEGER = re.compile(rb"\s*[+-]?\d+\s*\Z")
_FLOAT_WORDS = {"float32": "float", "float64": "double", "int32": "int32", "int64": "int64"}


def _split(record: bytes, delim: bytes, quotes: bool) -> list[bytes]:
    """The fields of one CSV record; a quoted field may hold delimiters and "" for "."""
    fields, start, size = [], 0, len(record)
    while True:
        if quotes and record[start : start + 1] == b'"':
            text, position = bytearray(), start + 1
            while True:
                end = record.find(b'"', position)
                if end < 0:
                    raise ValueError("Quoted field has to end with quote followed by delim or end")
                text += record[position:end]
                if record[end + 1 : end + 2] != b'"':
                    break
                text += b'"'
                position = end + 2
            after = end + 1
            if after < size and record[after : after + 1] != delim:
                raise ValueError("Quoted field has to end with quote followed by delim or end")
            fields.append(bytes(text))
            if after >= size:
                return fields
            start = after + 1
        else:
            end = record.find(delim, start)
            field = record[start:] if end < 0 else record[start:end]
            if quotes and b'"' in field:
                raise ValueError("Unquoted fields cannot have quotes/CRLFs inside")
            fields.append(field)
            if end < 0:
                return fields
            start = end + 1


def _convert(text: bytes, dtype, column: int, index: int):
    if dtype is dtypes.string:
        return text
    valid = not re.search(rb"_", text)
    value = None
    if valid and dtype.is_integer:
        if _INTEGER.match(text):
            value = int(text)
            valid = dtype.min <= value <= dtype.max
        else:
            valid = False
    elif valid:
        try:
            value = float(text)
        except ValueError:
            valid = False
    if not valid:
        raise ValueError(
            f"Field {column} in record {index} is not a valid {_FLOAT_WORDS[dtype.name]}: "
            f"{text.decode('utf-8', 'replace')}"
        )
    return value


def _decode_csv_infer(inputs, attrs):
    return [(dtype, inputs[0].shape) for dtype in attrs["OUT_TYPE"]]


@register_op("DecodeCSV", infer=_decode_csv_infer, bind=True)
def _decode_csv_kernel(op, session):
    types = op.get_attr("OUT_TYPE")
    delim = op.get_attr("field_delim").encode()
    quotes = op.get_attr("use_quote_delim")
    na_value = op.get_attr("na_value").encode()

    def decode_csv(records, *defaults):
        records = np.asarray(records)
        columns = [np.empty(records.shape, dtype.as_numpy_dtype) for dtype in types]
        for index, record in enumerate(records.flat):
            try:
                fields = _split(bytes(record), delim, quotes)
                if len(fields) != len(types):
                    raise ValueError(
                        f"Expect {len(types)} fields but have {len(fields)} in record {index}"
                    )
                for column, (text, dtype) in enumerate(zip(fields, types, strict=True)):
                    if text == b"" or (na_value and text == na_value):
                        if np.size(defaults[column]) == 0:
                            raise ValueError(
                                f"Field {column} is required but missing in record {index}!"
                            )
                        value = np.asarray(defaults[column]).reshape(-1)[0]
                    else:
                        value = _convert(text, dtype, column, index)
                    columns[column].flat[index] = value
            except ValueError as error:
                raise errors.InvalidArgumentError(None, op, str(error)) from None
        return columns[0] if len(columns) == 1 else tuple(columns)

    return decode_csv


def decode_csv(
    records,
    record_defaults,
    field_delim=",",
    use_quote_delim=True,
    name=None,
    na_value="",
    select_cols=None,
) -> list[Tensor]:
    """One tensor per CSV column, each shaped like `records`: a column's type comes from
    its entry of `record_defaults` ([0] int32, [0.0] float32, [""] string...), and an
    empty entry makes the column required."""
    if select_cols is not None:
        raise NotImplementedError("tinytf's decode_csv reads all columns (no select_cols)")
    if len(field_delim) != 1:
        raise ValueError("field_delim should be only 1 char")
    with name_scope(name, "DecodeCSV", [records]) as scope:
        records = convert_to_tensor(records, dtype=dtypes.string, name="records")
        defaults = [
            convert_to_tensor(default, name=f"record_defaults_{index}")
            for index, default in enumerate(record_defaults)
        ]
        attrs = {
            "OUT_TYPE": [default.dtype for default in defaults],
            "field_delim": field_delim,
            "use_quote_delim": bool(use_quote_delim),
            "na_value": na_value,
            "select_cols": [],
        }
        op = get_default_graph().create_op("DecodeCSV", [records, *defaults], attrs, name=scope)
        return list(op.outputs)


FixedLenFeature = collections.namedtuple(
    "FixedLenFeature", ["shape", "dtype", "default_value"], defaults=[None]
)
FixedLenFeature.__doc__ = "A feature with a fixed shape: a dense tensor of `dtype`."

_LIST_OF = {dtypes.float32: "float_list", dtypes.int64: "int64_list", dtypes.string: "bytes_list"}
_TYPE_WORD = {"float_list": "float", "int64_list": "int64", "bytes_list": "string"}


def _parse_example_infer(inputs, attrs):
    """TensorFlow's outputs: each sparse feature's indices, then their values, then their
    dense shapes; then the dense features."""
    batch = inputs[0].shape
    sparse_types = attrs["sparse_types"]
    return (
        [(dtypes.int64, TensorShape([None, 2]))] * len(sparse_types)
        + [(dtype, TensorShape([None])) for dtype in sparse_types]
        + [(dtypes.int64, TensorShape([2]))] * len(sparse_types)
        + [
            (dtype, batch.concatenate(shape))
            for dtype, shape in zip(attrs["Tdense"], attrs["dense_shapes"], strict=True)
        ]
    )


@register_op("ParseExample", infer=_parse_example_infer, bind=True)
def _parse_example_kernel(op, session):
    keys, types = op.get_attr("dense_keys"), op.get_attr("Tdense")
    shapes = [tuple(shape.as_list()) for shape in op.get_attr("dense_shapes")]
    sparse_keys, sparse_types = op.get_attr("sparse_keys"), op.get_attr("sparse_types")

    def parse_example(serialized, *defaults):
        serialized = np.asarray(serialized).reshape(-1)
        outputs = [
            np.empty((len(serialized), *shape), dtype.as_numpy_dtype)
            for dtype, shape in zip(types, shapes, strict=True)
        ]
        sparse_values = [[[] for _ in serialized] for _ in sparse_keys]
        for index, data in enumerate(serialized):
            try:
                features = Example.FromString(bytes(data)).features.feature
            except (WireError, ValueError, UnicodeDecodeError):
                raise errors.InvalidArgumentError(
                    None, op, f"Could not parse example input, value: '{data!r}'"
                ) from None
            for slot, (key, dtype, shape) in enumerate(zip(keys, types, shapes, strict=True)):
                outputs[slot][index] = _feature_value(
                    op, features.get(key), key, dtype, shape, defaults[slot], index
                )
            for slot, (key, dtype) in enumerate(zip(sparse_keys, sparse_types, strict=True)):
                if features.get(key) is not None and features[key].WhichOneof("kind"):
                    sparse_values[slot][index] = _feature_values(
                        op, features[key], key, dtype, index
                    )
        outputs = _sparse_outputs(sparse_values, sparse_types, len(serialized)) + outputs
        return outputs[0] if len(outputs) == 1 else tuple(outputs)

    return parse_example


def _sparse_outputs(values_by_key, types, batch: int) -> list:
    """Each variable-length feature as (indices, values, dense_shape) arrays, in
    TensorFlow's output order."""
    indices, values, shapes = [], [], []
    for rows, dtype in zip(values_by_key, types, strict=True):
        pairs = [
            (example, position) for example, row in enumerate(rows) for position in range(len(row))
        ]
        indices.append(np.array(pairs, np.int64).reshape(-1, 2))
        flat = np.empty(len(pairs), dtype.as_numpy_dtype)
        flat[:] = [value for row in rows for value in row]
        values.append(flat)
        shapes.append(np.array([batch, max((len(row) for row in rows), default=0)], np.int64))
    return indices + values + shapes


def _feature_values(op, feature, key, dtype, index) -> list:
    kind, expected = feature.WhichOneof("kind"), _LIST_OF[dtype]
    if kind != expected:
        raise errors.InvalidArgumentError(
            None,
            op,
            f"Name: <unknown>, Key: {key}, Index: {index}.  Data types don't match. "
            f"Data type: {_TYPE_WORD[kind]} but expected type: {_TYPE_WORD[expected]}",
        )
    return list(getattr(feature, kind).value)


def _feature_value(op, feature, key, dtype, shape, default, index):
    expected = _LIST_OF[dtype]
    if feature is None or feature.WhichOneof("kind") is None:
        if np.size(default) == 0:
            raise errors.InvalidArgumentError(
                None,
                op,
                f"Name: <unknown>, Feature: {key} (data type: {_TYPE_WORD[expected]}) is "
                "required but could not be found.",
            )
        return np.reshape(default, shape)
    values = _feature_values(op, feature, key, dtype, index)
    if len(values) != int(np.prod(shape, dtype=np.int64)):
        raise errors.InvalidArgumentError(
            None,
            op,
            f"Name: <unknown>, Key: {key}, Index: {index}.  Number of {_TYPE_WORD[expected]} "
            f"values != expected.  Values size: {len(values)} but output shape: "
            f"{dims_text(list(shape))}",
        )
    array = np.empty(len(values), dtype.as_numpy_dtype)
    array[:] = values
    return array.reshape(shape)


NotDifferentiable("DecodeCSV")
NotDifferentiable("ParseExample")


VarLenFeature = collections.namedtuple("VarLenFeature", ["dtype"])
VarLenFeature.__doc__ = "A feature of any length: a SparseTensor [batch, longest]."


def parse_example(serialized, features, name=None, example_names=None) -> dict:
    """{key: tensor} for a batch of serialized tf.train.Example protos: a FixedLenFeature
    gives a dense [batch] + shape tensor (its default when an example lacks it), a
    VarLenFeature a SparseTensor of shape [batch, longest list]."""
    dense = sorted((k, f) for k, f in features.items() if isinstance(f, FixedLenFeature))
    sparse = sorted((k, f) for k, f in features.items() if isinstance(f, VarLenFeature))
    for key, feature in features.items():
        if not isinstance(feature, (FixedLenFeature, VarLenFeature)):
            raise NotImplementedError(
                f"tinytf parses FixedLenFeature and VarLenFeature only; feature '{key}' is a "
                f"{type(feature).__name__}"
            )
        if dtypes.as_dtype(feature.dtype) not in _LIST_OF:
            raise ValueError(f"Unsupported dtype {feature.dtype} for feature '{key}'")
    with name_scope(name, "ParseExample", [serialized]) as scope:
        serialized = convert_to_tensor(serialized, dtype=dtypes.string, name="serialized")
        defaults = []
        for key, feature in dense:
            dtype = dtypes.as_dtype(feature.dtype)
            if feature.default_value is None:
                value = np.empty(0, dtype.as_numpy_dtype)
            else:
                value = np.reshape(
                    np.array(feature.default_value, dtype.as_numpy_dtype), feature.shape
                )
            defaults.append(constant(value, dtype, name=f"key_{key}"))
        attrs = {
            "dense_keys": [key for key, _ in dense],
            "Tdense": [dtypes.as_dtype(feature.dtype) for _, feature in dense],
            "dense_shapes": [TensorShape(feature.shape) for _, feature in dense],
            "sparse_keys": [key for key, _ in sparse],
            "sparse_types": [dtypes.as_dtype(feature.dtype) for _, feature in sparse],
        }
        op = get_default_graph().create_op(
            "ParseExample", [serialized, *defaults], attrs, name=scope
        )
        outputs, count = op.outputs, len(sparse)
        parsed = {
            key: SparseTensor(outputs[i], outputs[count + i], outputs[2 * count + i])
            for i, (key, _) in enumerate(sparse)
        }
        parsed.update(zip((key for key, _ in dense), outputs[3 * count :], strict=True))
        return parsed


def parse_single_example(serialized, features, name=None, example_names=None) -> dict:
    """parse_example for one serialized Example: a dense tensor has its feature's shape,
    a SparseTensor shape [length]."""
    with name_scope(name, "ParseSingleExample", [serialized]):
        batch = reshape(convert_to_tensor(serialized, dtype=dtypes.string), [1])
        parsed = parse_example(batch, features)
        return {
            key: SparseTensor(value.indices[:, 1:], value.values, value.dense_shape[1:])
            if isinstance(value, SparseTensor)
            else reshape(value, list(features[key].shape))
            for key, value in parsed.items()
        }
