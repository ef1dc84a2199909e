"""How an op's tinytf attributes become a NodeDef's TensorFlow attributes, and back.

tinytf's ops keep the attributes their kernels use (`transpose_a`, `keep_dims`, `value`...),
mostly TensorFlow's own. A NodeDef also carries TensorFlow's type attributes ("T",
"Tidx", "N"...), which tinytf derives from its tensors' dtypes; TensorFlow's importer
requires them and refuses any attribute its OpDef lacks. This module is the one table of
those differences, per op type:

- TYPE_ATTRS: the type attribute of each input (None for a fixed type) and of outputs;
  VARIADIC_TYPE_ATTRS for an input list; op types not listed take "T" from every input
  (nothing when they have none).
- LIST_LENGTHS: "N" (the length of a variadic input list).
- TINYTF_ONLY: tinytf attributes TensorFlow's op lacks, with the value TensorFlow implies;
  another value has no TensorFlow form and is written as it is.
- RENAMED: tinytf's name of an attribute that TensorFlow spells differently.
"""

from __future__ import annotations

import inspect

from tinytf.framework import registry

# op type -> (type attr of each input, {type attr: output index}).
TYPE_ATTRS: dict[str, tuple[tuple, dict]] = {
    "Const": ((), {"dtype": 0}),
    "Placeholder": ((), {}),
    "VariableV2": ((), {}),
    "NoOp": ((), {}),
    "PlaceholderWithDefault": ((None,), {"dtype": 0}),
    "Cast": (("SrcT",), {"DstT": 0}),
    "IsVariableInitialized": (("dtype",), {}),
    "LogicalAnd": ((None, None), {}),
    "LogicalOr": ((None, None), {}),
    "LogicalNot": ((None,), {}),
    "All": ((None, "Tidx"), {}),
    "Any": ((None, "Tidx"), {}),
    "Sum": (("T", "Tidx"), {}),
    "Mean": (("T", "Tidx"), {}),
    "Prod": (("T", "Tidx"), {}),
    "Max": (("T", "Tidx"), {}),
    "Min": (("T", "Tidx"), {}),
    "ArgMax": (("T", "Tidx"), {}),
    "ArgMin": (("T", "Tidx"), {}),
    "Cumsum": (("T", "Tidx"), {}),
    "Cumprod": (("T", "Tidx"), {}),
    "ReverseV2": (("T", "Tidx"), {}),
    "BroadcastTo": (("T", "Tidx"), {}),
    "Reshape": (("T", "Tshape"), {}),
    "Tile": (("T", "Tmultiples"), {}),
    "ExpandDims": (("T", "Tdim"), {}),
    "Transpose": (("T", "Tperm"), {}),
    "Pad": (("T", "Tpaddings"), {}),
    "PadV2": (("T", "Tpaddings", "T"), {}),
    "MirrorPad": (("T", "Tpaddings"), {}),
    "MirrorPadGrad": (("T", "Tpaddings"), {}),
    "Fill": (("index_type", "T"), {}),
    "Slice": (("T", "Index", "Index"), {}),
    "StridedSlice": (("T", "Index", "Index", "Index"), {}),
    "StridedSliceGrad": (("Index", "Index", "Index", "Index", "T"), {}),
    "GatherV2": (("Tparams", "Tindices", "Taxis"), {}),
    "GatherNd": (("Tparams", "Tindices"), {}),
    "ScatterNd": (("Tindices", "T", "Tindices"), {}),
    "UnsortedSegmentSum": (("T", "Tindices", "Tnumsegments"), {}),
    "Select": ((None, "T", "T"), {}),
    "InTopKV2": ((None, "T", "T"), {}),
    "Split": ((None, "T"), {}),
    "SplitV": (("T", "Tlen", None), {}),
    "OneHot": (("TI", None, "T", "T"), {}),
    "Range": (("Tidx", "Tidx", "Tidx"), {}),
    "LinSpace": (("T", "T", "Tidx"), {}),
    "TopKV2": (("T", "Tk"), {}),
    "SparseSoftmaxCrossEntropyWithLogits": (("T", "Tlabels"), {}),
    "RandomUniformInt": (("T", "Tout", "Tout"), {}),
    "Multinomial": (("T", None), {}),
    "MatrixDiagPartV3": (("T", None, "T"), {}),
    "MatrixDiagV3": (("T", None, None, None, "T"), {}),
    "MatrixSetDiagV3": (("T", "T", None), {}),
    "ScalarSummary": ((None, "T"), {}),
    "HistogramSummary": ((None, "T"), {}),
    "ImageSummary": ((None, "T"), {}),
    "TensorSummaryV2": ((None, "T", None), {}),
    "AudioSummaryV2": ((None, None, None), {}),
    "BroadcastGradientArgs": (("T", "T"), {}),
    "Assert": ((None,), {}),  # T, the data's types, kept as tinytf's attribute
    "EmptyTensorList": (("shape_type", None), {}),
    "TensorListReserve": (("shape_type", None), {}),
    "TensorListFromTensor": ((None, "shape_type"), {}),
    "TensorListPushBack": ((None, None), {}),
    "TensorListPopBack": ((None, None), {}),
    "TensorListGetItem": ((None, None, "Tshape"), {}),
    "TensorListSetItem": ((None, None, None), {}),
    "TensorListResize": ((None, None), {}),
    "TensorListLength": ((None,), {}),
    "TensorListElementShape": ((None,), {}),
    "TensorListGather": ((None, None, None), {}),
    "TensorListStack": ((None, None), {}),
}
# Variadic inputs: (type attr of every input but the last, type attr of the last).
VARIADIC_TYPE_ATTRS = {"ConcatV2": ("T", "Tidx"), "MergeSummary": (None, None)}
LIST_LENGTHS = {"ConcatV2": -1, "Pack": 0, "AddN": 0, "ShapeN": 0, "MergeSummary": 0}
TINYTF_ONLY = {
    "Softmax": {"axis": -1},
    "LogSoftmax": {"axis": -1},
    "SoftmaxCrossEntropyWithLogits": {"axis": -1},
}
RENAMED = {"Cast": {"dtype": "DstT"}}
# tinytf attributes that TensorFlow spells otherwise: (TensorFlow's name, tinytf's value
# as TensorFlow's, TensorFlow's value as tinytf's, None when the node has none).
TRANSLATED = {
    "BiasAdd": {
        "channels_first": (
            "data_format",
            lambda first: "NCHW" if first else "NHWC",
            lambda data_format: data_format in ("NCHW", "NC.."),
        )
    },
}


def tensorflow_attrs(op) -> dict:
    """`op`'s attributes as a NodeDef holds them: tinytf's, renamed, with type attributes."""
    op_type = op.type
    attrs = {}
    for name, value in op._attrs.items():
        if value is None:
            continue
        implied = TINYTF_ONLY.get(op_type, {})
        if name in implied and value in (implied[name], _last_axis(op)):
            continue  # otherwise kept: TensorBoard shows it, TensorFlow's importer refuses it
        translated = TRANSLATED.get(op_type, {}).get(name)
        if translated is not None:
            name, value = translated[0], translated[1](value)
        attrs[RENAMED.get(op_type, {}).get(name, name)] = value
    input_attrs = _input_type_attrs(op_type, len(op.inputs))
    for attr, tensor in zip(input_attrs, op.inputs, strict=True):
        if attr is not None:
            attrs.setdefault(attr, tensor.dtype.base_dtype)
    _, output_attrs = TYPE_ATTRS.get(op_type, ((), {}))
    for attr, index in output_attrs.items():
        attrs.setdefault(attr, op.outputs[index].dtype.base_dtype)
    if op_type in LIST_LENGTHS:
        attrs["N"] = len(op.inputs) + LIST_LENGTHS[op_type]
    return attrs


def _input_type_attrs(op_type: str, count: int) -> tuple:
    """The type attribute (or None) of each of `count` inputs."""
    if op_type in VARIADIC_TYPE_ATTRS:
        body, last = VARIADIC_TYPE_ATTRS[op_type]
        return (body,) * (count - 1) + (last,) if count else ()
    if op_type in TYPE_ATTRS:
        listed = TYPE_ATTRS[op_type][0]
        return (listed + (None,) * count)[:count]
    return ("T",) * count


def _last_axis(op) -> int | None:
    rank = op.inputs[0].shape.ndims if op.inputs else None
    return None if rank is None else rank - 1


def tinytf_attrs(op_type: str, attrs: dict, num_inputs: int) -> dict:
    """A NodeDef's attributes (as Python values) as tinytf's op of `op_type` takes them."""
    renamed = {tf_name: name for name, tf_name in RENAMED.get(op_type, {}).items()}
    _, output_attrs = TYPE_ATTRS.get(op_type, ((), {}))
    input_attrs = _input_type_attrs(op_type, max(num_inputs, 2))
    derived = {*filter(None, input_attrs), *output_attrs, "N"}
    result = {}
    for name, value in attrs.items():
        if name.startswith("_"):
            continue  # TensorFlow's internal annotations (_class, _output_shapes...)
        if name in renamed:
            result[renamed[name]] = value
        elif name not in derived or name in _native_type_attrs(op_type):
            result[name] = value
    result.update(TINYTF_ONLY.get(op_type, {}))
    for name, (tf_name, _, as_tinytf) in TRANSLATED.get(op_type, {}).items():
        tf_value = result.pop(tf_name, None)
        result.setdefault(name, as_tinytf(tf_value))  # set already in tinytf's older files
    accepted = _kernel_keywords(op_type, num_inputs)
    if accepted is not None:
        result = {name: value for name, value in result.items() if name in accepted}
    return result


# Type attributes tinytf's own ops keep (their kernels or shape rules read them).
_NATIVE = {"dtype", "out_type", "output_type", "output_dtype", "index_type", "out_idx", "Tout"}


def _native_type_attrs(op_type: str) -> set:
    _, output_attrs = TYPE_ATTRS.get(op_type, ((), {}))
    return _NATIVE - set(output_attrs)


def _kernel_keywords(op_type: str, num_inputs: int) -> set | None:
    """The attributes a plain kernel takes (its parameters after the inputs); None when it
    takes any (a bound kernel reads what it needs with `op.get_attr`)."""
    op_def = registry.get_op_def(op_type)
    if op_def.bind:
        return None
    parameters = list(inspect.signature(op_def.kernel).parameters.values())
    if any(parameter.kind is parameter.VAR_KEYWORD for parameter in parameters):
        return None
    if any(parameter.kind is parameter.VAR_POSITIONAL for parameter in parameters):
        return {p.name for p in parameters if p.kind is p.KEYWORD_ONLY}
    return {parameter.name for parameter in parameters[num_inputs:]}
