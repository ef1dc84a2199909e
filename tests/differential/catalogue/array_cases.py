"""Array ops: creation, shapes, joining and splitting, slicing, gathering, Tensor operators."""

import operator

from tests.differential.catalogue.case import OpCase, boolean, f32, f64, i32, i64

INDICES = {"low": 0, "high": 3}
# Ops that TensorFlow 2.21's compat.v1 builds from other ops than TF 1.x did (and tinytf does).
_LINSPACE = {
    "names": False,
    "differs": "one LinSpace op, as in TF 1.15 (TF 2.21: a composite named linspace/...)",
}
_EYE = {"names": False, "differs": "output named eye:0 (TF 2.21: eye/diag:0 or eye/set_diag:0)"}
_MESHGRID = {"names": False, "differs": "outputs are meshgrid/BroadcastTo ops (TF: meshgrid/mul)"}


def _operator_cases() -> list[OpCase]:
    binary = {
        "__add__": operator.add,
        "__sub__": operator.sub,
        "__mul__": operator.mul,
        "__truediv__": operator.truediv,
        "__floordiv__": operator.floordiv,
        "__mod__": operator.mod,
        "__pow__": operator.pow,
        "__lt__": operator.lt,
        "__le__": operator.le,
        "__gt__": operator.gt,
        "__ge__": operator.ge,
    }
    cases = [
        OpCase(
            f"tf.Tensor.{name}",
            (f64(3, 4, low=0.5), f64(4, low=0.5)),
            build=lambda op, tf, x, y, function=function: function(x, y),
        )
        for name, function in binary.items()
    ]
    cases += [
        OpCase("tf.Tensor.__radd__", (f32(3, 4),), build=lambda op, tf, x: 2.0 + x),
        OpCase("tf.Tensor.__rsub__", (f32(3, 4),), build=lambda op, tf, x: 2.0 - x),
        OpCase("tf.Tensor.__rmul__", (f32(3, 4),), build=lambda op, tf, x: 2.0 * x),
        OpCase("tf.Tensor.__rtruediv__", (f32(3, 4, low=0.5),), build=lambda op, tf, x: 2 / x),
        OpCase("tf.Tensor.__rpow__", (f32(3, 4),), build=lambda op, tf, x: 2.0**x),
        OpCase("tf.Tensor.__neg__", (f64(3, 4),), build=lambda op, tf, x: -x),
        OpCase("tf.Tensor.__abs__", (f64(3, 4),), build=lambda op, tf, x: abs(x)),
        OpCase("tf.Tensor.__matmul__", (f64(3, 4), f64(4, 2)), build=lambda op, tf, x, y: x @ y),
        OpCase(
            "tf.Tensor.__truediv__",
            (i32(3, 4, nonzero=True), i32(3, 4, nonzero=True)),
            build=lambda op, tf, x, y: x / y,
            label="int32",
        ),
        OpCase(
            "tf.Tensor.__floordiv__",
            (i32(3, 4), i32(4, nonzero=True)),
            build=lambda op, tf, x, y: x // y,
            label="int32",
        ),
        OpCase(
            "tf.Tensor.__and__", (boolean(3, 4), boolean(3, 4)), build=lambda op, tf, x, y: x & y
        ),
        OpCase("tf.Tensor.__or__", (boolean(3, 4), boolean(4)), build=lambda op, tf, x, y: x | y),
        OpCase(
            "tf.Tensor.__xor__", (boolean(3, 4), boolean(3, 4)), build=lambda op, tf, x, y: x ^ y
        ),
        OpCase("tf.Tensor.__invert__", (boolean(3, 4),), build=lambda op, tf, x: ~x),
    ]
    slices = {
        "row": lambda x: x[1],
        "negative": lambda x: x[-1, ::-2],
        "ellipsis": lambda x: x[..., 1:3],
        "newaxis": lambda x: x[:, None, 1],
        "strided": lambda x: x[::2, 1::2, :],
    }
    cases += [
        OpCase(
            "tf.Tensor.__getitem__",
            (f64(3, 4, 5),),
            label=label,
            build=lambda op, tf, x, index=index: index(x),
        )
        for label, index in slices.items()
    ]
    cases.append(
        OpCase(
            "tf.Tensor.__getitem__",
            (f64(3, 4, static=[None, 4]),),
            label="unknown batch",
            build=lambda op, tf, x: x[1:, -1],
        )
    )
    return cases


def _creation_cases() -> list[OpCase]:
    return [
        OpCase("tf.zeros", kwargs={"shape": [2, 3]}),
        OpCase("tf.zeros", kwargs={"shape": [2, 0], "dtype": "int32"}, label="empty int32"),
        OpCase("tf.ones", kwargs={"shape": [3], "dtype": "float64"}),
        OpCase("tf.zeros_like", (f64(2, 3),)),
        OpCase("tf.ones_like", (i32(2, 3),), label="int32"),
        OpCase("tf.ones_like", (f32(2, 3),), {"dtype": "float64"}, label="dtype"),
        OpCase("tf.fill", kwargs={"dims": [2, 3], "value": 1.5}),
        OpCase("tf.fill", (f64(),), build=lambda op, tf, x: op([2, 2], x), label="tensor"),
        OpCase("tf.constant", kwargs={"value": [[1, 2], [3, 4]]}),
        OpCase("tf.constant", kwargs={"value": 2.5, "shape": [2, 3]}, label="fill shape"),
        OpCase("tf.constant", kwargs={"value": [1.0, 2.0], "dtype": "float64"}, label="dtype"),
        OpCase("tf.convert_to_tensor", kwargs={"value": [[1.0, 2.0]]}),
        OpCase(
            "tf.convert_to_tensor",
            (f64(), f64()),
            label="packed",
            build=lambda op, tf, x, y: op([[x, 1.0], [2.0, y]], dtype="float64"),
        ),
        OpCase("tf.range", kwargs={"start": 2, "limit": 11, "delta": 3}),
        OpCase("tf.range", kwargs={"start": 5}, label="limit only"),
        OpCase("tf.range", kwargs={"start": 0.0, "limit": 1.0, "delta": 0.25}, label="float"),
        OpCase("tf.range", kwargs={"start": 3, "limit": 0, "delta": -1}, label="negative"),
        OpCase("tf.linspace", kwargs={"start": 0.0, "stop": 1.0, "num": 5}, **_LINSPACE),
        OpCase("tf.lin_space", kwargs={"start": -1.0, "stop": 1.0, "num": 3}, **_LINSPACE),
        OpCase("tf.eye", kwargs={"num_rows": 3}, **_EYE),
        OpCase(
            "tf.eye",
            kwargs={"num_rows": 2, "num_columns": 3, "batch_shape": [2], "dtype": "float64"},
            label="batch",
            **_EYE,
        ),
        OpCase("tf.diag", (f64(3),)),
        OpCase("tf.diag_part", (f64(3, 3),)),
        OpCase("tf.one_hot", (i32(4, **INDICES),), {"depth": 3}),
        OpCase(
            "tf.one_hot",
            (i64(2, 3, **INDICES),),
            {"depth": 4, "on_value": 2.0, "off_value": -1.0, "axis": 0},
            label="axis 0",
        ),
        OpCase(
            "tf.one_hot",
            (i32(4, low=-1, high=4),),
            {"depth": 3, "dtype": "int32"},
            label="out of range",
        ),
        OpCase("tf.sequence_mask", (i32(3, low=0, high=5),), {"maxlen": 4}),
        OpCase("tf.meshgrid", (f64(2), f64(3)), **_MESHGRID),
        OpCase("tf.meshgrid", (f64(2), f64(3)), {"indexing": "ij"}, label="ij", **_MESHGRID),
        OpCase("tf.placeholder_with_default", (f64(2, 3),), {"shape": [None, 3]}),
    ]


def _shape_cases() -> list[OpCase]:
    return [
        OpCase("tf.shape", (f64(2, 3, static=[None, 3]),)),
        OpCase("tf.shape", (f32(2, 3),), {"out_type": "int64"}, label="int64"),
        OpCase("tf.shape_n", build=lambda op, tf, x, y: op([x, y]), inputs=(f64(2), f64(3, 1))),
        OpCase("tf.size", (f64(2, 3, static=None),)),
        OpCase("tf.rank", (f64(2, 3, static=None),)),
        OpCase("tf.reshape", (f64(2, 3, 4),), {"shape": [-1, 4]}),
        OpCase(
            "tf.reshape",
            (f64(2, 3, 4, static=[None, 3, 4]),),
            {"shape": [-1, 12]},
            label="unknown batch",
        ),
        OpCase("tf.reshape", (f64(3, 0),), {"shape": [0, -1]}, label="empty"),
        OpCase("tf.reshape", (f64(3, 0),), {"shape": [-1, 0]}, label="empty leading"),
        OpCase("tf.reshape", (f64(1, 1),), {"shape": []}, label="scalar"),
        OpCase("tf.expand_dims", (f64(2, 3),), {"axis": -1}),
        OpCase("tf.expand_dims", (f64(2, 3),), {"axis": 0}, label="axis 0"),
        OpCase("tf.squeeze", (f64(1, 3, 1),)),
        OpCase("tf.squeeze", (f64(1, 3, 1),), {"axis": [-1]}, label="axis"),
        OpCase("tf.broadcast_to", (f64(3, 1),), {"shape": [2, 3, 4]}),
        OpCase("tf.tile", (f64(2, 3),), {"multiples": [2, 1]}),
        OpCase("tf.tile", (i32(2, 0),), {"multiples": [3, 2]}, label="empty int32"),
        OpCase("tf.transpose", (i32(2, 3),), label="int32"),
        OpCase("tf.identity", (f64(2, 3),)),
        OpCase("tf.stop_gradient", (f64(2, 3),)),
    ]


def _joining_cases() -> list[OpCase]:
    return [
        OpCase("tf.concat", (f64(2, 3), f64(2, 1)), build=lambda op, tf, x, y: op([x, y], -1)),
        OpCase(
            "tf.concat",
            (f64(2, 3), f64(0, 3)),
            label="empty",
            build=lambda op, tf, x, y: op([x, y], 0),
        ),
        OpCase(
            "tf.concat",
            (i32(2, 3, static=[None, 3]), i32(1, 3)),
            label="int32 unknown",
            build=lambda op, tf, x, y: op([x, y], 0),
        ),
        OpCase("tf.stack", (f64(2, 3), f64(2, 3)), build=lambda op, tf, x, y: op([x, y], 1)),
        OpCase(
            "tf.stack",
            (f64(2, 3), f64(2, 3)),
            label="negative axis",
            build=lambda op, tf, x, y: op([x, y], axis=-1),
        ),
        OpCase("tf.unstack", (f64(2, 3, 4),), {"axis": 1}),
        OpCase("tf.unstack", (f64(2, 3),), {"axis": -1}, label="negative axis"),
        OpCase("tf.split", (f64(2, 6),), {"num_or_size_splits": 3, "axis": 1}),
        OpCase("tf.split", (f64(5, 2),), {"num_or_size_splits": [1, -1, 2]}, label="sizes"),
        OpCase("tf.slice", (f64(3, 4, 5),), {"begin": [1, 0, 2], "size": [2, -1, 2]}),
        OpCase(
            "tf.strided_slice", (f64(3, 4),), {"begin": [0, 3], "end": [3, 0], "strides": [2, -1]}
        ),
        OpCase(
            "tf.strided_slice",
            (f64(3, 4),),
            {"begin": [1, 0], "end": [2, 4], "shrink_axis_mask": 1},
            label="shrink",
        ),
        OpCase("tf.reverse", (f64(2, 3, 4),), {"axis": [0, -1]}),
        OpCase("tf.reverse_v2", (i32(2, 3),), {"axis": [1]}),
        OpCase(
            "tf.reverse_sequence",
            (f64(3, 4, 2), i64(3, low=0, high=5)),
            {"seq_axis": 1, "batch_axis": 0},
        ),
        OpCase(
            "tf.reverse_sequence",
            (f32(4, 2, 3), i32(3, low=0, high=5)),
            {"seq_axis": 0, "batch_axis": 2},
            label="batch last",
        ),
        OpCase("tf.pad", (f64(2, 3),), {"paddings": [[1, 0], [2, 2]]}),
        OpCase(
            "tf.pad",
            (f64(3, 4),),
            {"paddings": [[1, 1], [2, 2]], "mode": "REFLECT"},
            label="reflect",
        ),
        OpCase(
            "tf.pad",
            (f32(3, 4),),
            {"paddings": [[0, 3], [1, 0]], "mode": "SYMMETRIC"},
            label="symmetric",
        ),
        OpCase(
            "tf.pad",
            (i32(2, 2),),
            {"paddings": [[1, 1], [0, 1]], "constant_values": 7},
            label="int32 value",
        ),
    ]


def _gathering_cases() -> list[OpCase]:
    return [
        OpCase("tf.gather", (f64(4, 3), i32(5, low=0, high=4))),
        OpCase("tf.gather", (f64(2, 4, 3), i64(2, 2, **INDICES)), {"axis": -1}, label="axis -1"),
        OpCase("tf.gather_nd", (f64(3, 4), i32(5, 2, **INDICES))),
        OpCase("tf.gather_nd", (f64(3, 4, 2), i32(2, 1, **INDICES)), label="slices"),
        OpCase("tf.boolean_mask", (f64(4, 3), boolean(4))),
        OpCase("tf.boolean_mask", (f64(2, 3, 2), boolean(2, 3)), label="2-d mask"),
        OpCase("tf.scatter_nd", (i32(3, 1, low=0, high=4), f64(3, 2)), {"shape": [4, 2]}),
        OpCase("tf.unsorted_segment_sum", (f64(5, 2), i32(5, low=0, high=3)), {"num_segments": 3}),
        OpCase("tf.unique", (i32(8, low=0, high=4),)),
        OpCase(
            "tf.unique",
            (f64(6, low=0, high=2),),
            label="float64",
            build=lambda op, tf, x: op(tf.floor(x)),
            gradients=False,
            differs="tf.gradients through Unique: tinytf gives None, TensorFlow raises LookupError",
        ),
        OpCase("tf.nn.top_k", (f64(3, 5),), {"k": 2}),
        OpCase("tf.nn.top_k", (i32(6, low=0, high=3),), {"k": 4}, label="ties"),
        OpCase("tf.nn.in_top_k", (f32(4, 5), i32(4, low=0, high=5)), {"k": 2}),
    ]


CASES = (
    _operator_cases() + _creation_cases() + _shape_cases() + _joining_cases() + _gathering_cases()
)
