"""Catalogue cases for the array ops: shapes, joining, slicing, padding, gathering."""

import numpy as np

import tinytf as tf
from tests.ops.catalogue.case import Case
from tinytf.ops import array_ops
from tinytf.ops.pad_ops import mirror_pad_grad
from tinytf.ops.slicing_ops import strided_slice_grad

CASES = [
    Case("Identity", tf.identity, [(3,)]),
    Case("Reshape", lambda x: tf.reshape(x, [-1, 2]), [(2, 3)], second_order=True),
    Case("Squeeze", lambda x: tf.squeeze(x, axis=[1]), [(3, 1, 2)]),
    Case("ExpandDims", lambda x: tf.expand_dims(x, 1), [(3,)]),
    Case("BroadcastTo", lambda x: tf.broadcast_to(x, [2, 3]), [(3,)], second_order=True),
    Case("Fill", lambda v: tf.fill([2, 3], v), [()]),
    Case("Pack", lambda x, y: tf.stack([x, y], axis=1), [(3,), (3,)]),
    Case("Unpack", lambda x: tf.unstack(x)[1] * 2.0, [(3, 2)]),
    Case("ConcatV2", lambda x, y: tf.concat([x, y], axis=1), [(2, 3), (2, 1)], second_order=True),
    Case("Split", lambda x: tf.split(x, 2, axis=1)[1], [(2, 4)]),
    Case("SplitV", lambda x: tf.split(x, [1, -1])[1] * 3.0, [(3, 2)], second_order=True),
    Case("Tile", lambda x: tf.tile(x, [2, 3]), [(2, 1)], second_order=True),
    Case("Diag", tf.diag, [(3,)]),
    Case("DiagPart", tf.diag_part, [(2, 3, 2, 3)]),
    Case("StridedSlice", lambda x: x[1:, ::-2, tf.newaxis, 0], [(3, 4, 2)], second_order=True),
    Case("StridedSlice", lambda x: x[..., -1], [(2, 3)], label="StridedSlice_ellipsis"),
    Case(
        "StridedSliceGrad",
        lambda dy: strided_slice_grad(
            tf.constant([4, 5]), tf.constant([1, 0]), tf.constant([3, 5]), tf.constant([1, 2]), dy
        ),
        [(2, 3)],
    ),
    Case("Slice", lambda x: tf.slice(x, [1, 0], [2, -1]), [(4, 3)], second_order=True),
    Case("ReverseV2", lambda x: tf.reverse(x, [0, -1]), [(2, 3)]),
    Case(
        "ReverseSequence",
        lambda x, lengths: tf.reverse_sequence(x, lengths, seq_axis=1, batch_axis=0),
        [(3, 4, 2)],
        constant_inputs=[np.array([4, 1, 0])],
        second_order=True,
    ),
    Case("Pad", lambda x: tf.pad(x, [[1, 0], [2, 1]]), [(2, 3)], second_order=True),
    Case("PadV2", lambda x: tf.pad(x, [[1, 1]], constant_values=2.0), [(3,)]),
    Case(
        "MirrorPad", lambda x: tf.pad(x, [[1, 1], [2, 2]], "REFLECT"), [(3, 4)], second_order=True
    ),
    Case(
        "MirrorPad",
        lambda x: tf.pad(x, [[2, 1], [0, 3]], "SYMMETRIC"),
        [(2, 3)],
        label="MirrorPad_symmetric",
    ),
    Case(
        "MirrorPadGrad",
        lambda g: mirror_pad_grad(g, tf.constant([[1, 1], [2, 2]]), "REFLECT"),
        [(4, 7)],
    ),
    Case(
        "MirrorPadGrad",
        lambda g: mirror_pad_grad(g, tf.constant([[2, 1], [0, 3]]), "SYMMETRIC"),
        [(5, 6)],
        label="MirrorPadGrad_symmetric",
    ),
    Case("GatherV2", lambda x: tf.gather(x, [2, 0, 2, 2]), [(3, 2)], second_order=True),
    Case(
        "GatherV2",
        lambda x: tf.gather(x, [[1, 1], [0, 2]], axis=1),
        [(2, 3, 2)],
        label="GatherV2_axis1",
    ),
    Case("UnsortedSegmentSum", lambda x: array_ops.unsorted_segment_sum(x, [1, 0, 1], 3), [(3, 2)]),
    Case(
        "GatherNd", lambda x: tf.gather_nd(x, [[1, 0], [1, 0], [0, 2]]), [(2, 3)], second_order=True
    ),
    Case("ScatterNd", lambda u: tf.scatter_nd([[1], [3], [1]], u, [4, 2]), [(3, 2)]),
    Case("TopKV2", lambda x: array_ops.top_k(x, 2).values, [(3, 4)], second_order=True),
]
