"""Solves and decompositions: values and gradients. Eigen- and singular vectors are
compared through their squares, which do not depend on the sign each library picks."""

from tests.differential.catalogue.case import OpCase, Spec, f32, f64, i64

DOMINANT = {"low": 0.0, "high": 0.3}  # plus the identity below: well conditioned


def _spd(tf, x):
    return tf.matmul(x, x, transpose_b=True) + 3.0 * tf.eye(3, dtype=x.dtype)


def _conditioned(tf, x):
    return x + 2.0 * tf.eye(3, dtype=x.dtype)


def _vectors_squared(op, tf, x):
    values, vectors = op(x + tf.matrix_transpose(x))
    return values, vectors * vectors


def _singular_squared(op, tf, x):
    s, u, v = op(x)
    return s, u * u, v * v


CASES = [
    OpCase("tf.matrix_band_part", (f64(2, 3, 4),), {"num_lower": 1, "num_upper": 0}),
    OpCase("tf.matrix_band_part", (f64(4, 4),), {"num_lower": -1, "num_upper": 2}, label="upper"),
    OpCase("tf.cholesky", (f64(3, 3),), build=lambda op, tf, x: op(_spd(tf, x))),
    OpCase(
        "tf.cholesky", (f32(2, 3, 3),), build=lambda op, tf, x: op(_spd(tf, x)), label="batched"
    ),
    OpCase(
        "tf.matrix_solve",
        (f64(3, 3, **DOMINANT), f64(3, 2)),
        build=lambda op, tf, a, b: op(_conditioned(tf, a), b),
    ),
    OpCase(
        "tf.matrix_solve",
        (f64(2, 3, 3, **DOMINANT), f64(2, 3, 1)),
        build=lambda op, tf, a, b: op(_conditioned(tf, a), b, adjoint=True),
        label="batched adjoint",
    ),
    OpCase(
        "tf.matrix_triangular_solve",
        (f64(3, 3, **DOMINANT), f64(3, 2)),
        build=lambda op, tf, a, b: op(_conditioned(tf, a), b),
    ),
    OpCase(
        "tf.matrix_triangular_solve",
        (f64(3, 3, **DOMINANT), f64(3, 2)),
        build=lambda op, tf, a, b: op(_conditioned(tf, a), b, lower=False, adjoint=True),
        label="upper adjoint",
    ),
    OpCase("tf.self_adjoint_eig", (f64(3, 3),), build=_vectors_squared),
    OpCase(
        "tf.self_adjoint_eigvals",
        (f64(2, 3, 3),),
        build=lambda op, tf, x: op(x + tf.matrix_transpose(x)),
    ),
    OpCase("tf.svd", (f64(4, 3),), build=_singular_squared),
    OpCase("tf.svd", (f64(3, 4),), build=_singular_squared, label="wide"),
    OpCase("tf.svd", (f64(2, 3, 3),), {"compute_uv": False}, label="values"),
    OpCase("tf.qr", (f64(4, 3),)),
    OpCase("tf.qr", (f64(3, 3),), label="square"),
    OpCase("tf.cross", (f64(2, 3), f64(2, 3))),
]

INDICES = [[0, 1], [1, 0], [2, 2]]


def _sparse(tf, values, shape=(3, 4)):
    return tf.SparseTensor(INDICES, values, list(shape))


CASES += [
    OpCase(
        "tf.sparse_to_dense",
        (f64(3), f64()),
        build=lambda op, tf, values, default: op(INDICES, [3, 4], values, default),
    ),
    OpCase(
        "tf.sparse_tensor_to_dense",
        (f32(3),),
        build=lambda op, tf, values: op(_sparse(tf, values)),
    ),
    OpCase(
        "tf.sparse_reduce_sum",
        (f64(3),),
        build=lambda op, tf, values: op(_sparse(tf, values), axis=1),
    ),
    OpCase(
        "tf.sparse_reduce_sum",
        (f64(3),),
        build=lambda op, tf, values: op(_sparse(tf, values), axis=0, keepdims=True),
        label="keepdims",
    ),
    OpCase(
        "tf.sparse_tensor_dense_matmul",
        (f64(3), f64(4, 2)),
        build=lambda op, tf, values, b: op(_sparse(tf, values), b),
    ),
    OpCase(
        "tf.sparse_tensor_dense_matmul",
        (f64(3), f64(2, 3)),
        build=lambda op, tf, values, b: op(_sparse(tf, values), b, adjoint_a=True, adjoint_b=True),
        label="adjoint",
    ),
    OpCase(
        "tf.edit_distance",
        (i64(3, low=0, high=3), i64(3, low=0, high=3)),
        build=lambda op, tf, h, t: op(
            tf.SparseTensor([[0, 0], [0, 1], [1, 0]], h, [2, 2]),
            tf.SparseTensor([[0, 0], [1, 0], [1, 1]], t, [2, 2]),
        ),
        gradients=False,
    ),
]

CASES += [
    OpCase("tf.image.resize_images", (f32(2, 3, 4, 2),), {"size": [5, 3]}),
    OpCase("tf.image.resize_images", (f32(3, 4, 1),), {"size": [2, 7]}, label="one image"),
    OpCase(
        "tf.image.resize_images",
        (f32(1, 3, 4, 2),),
        {"size": [4, 7], "align_corners": True},
        label="align corners",
    ),
    OpCase(
        "tf.image.resize_images",
        (f32(2, 3, 4, 2),),
        {"size": [5, 9], "method": 1},
        label="nearest",
    ),
    OpCase("tf.image.convert_image_dtype", (f32(3, 4, low=0, high=1),), {"dtype": "uint8"}),
    OpCase(
        "tf.image.convert_image_dtype",
        (Spec((3, 4), "uint8", 0, 256),),
        {"dtype": "float32"},
        label="from uint8",
    ),
]
