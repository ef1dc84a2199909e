"""TensorFlow's TensorList ops, as imported graphs use them: values, and TensorFlow's errors
for a bad index, an empty list, a full list, a wrong element and an unknown element shape."""

import numpy as np
import pytest

import tinytf as tf
from tinytf.ops import tensor_list_ops


def _op(op_type, inputs, outputs=1, **attrs):
    graph = tf.get_default_graph()
    inputs = [tf.convert_to_tensor(t) if not isinstance(t, tf.Tensor) else t for t in inputs]
    op = graph.create_op(op_type, inputs, attrs, name=op_type)
    return op.outputs[0] if outputs == 1 else op.outputs


def _empty(shape=-1, max_num_elements=-1):
    return _op(
        "EmptyTensorList",
        [np.array(shape, np.int32), np.int32(max_num_elements)],
        element_dtype=tf.float32,
    )


def _stack(handle, shape=-1):
    """TensorListStack as TensorFlow writes it (tinytf's own form stacks a While's records)."""
    return _op("TensorListStack", [handle, np.int32(shape)], element_dtype=tf.float32)


def _run(*fetches):
    with tf.Session() as session:
        return session.run(list(fetches))


def test_push_back_pop_back_and_stack():
    a, b = np.float32([1, 2]), np.float32([3, 4])
    pushed = _op("TensorListPushBack", [_op("TensorListPushBack", [_empty(), a]), b])
    rest, last = _op("TensorListPopBack", [pushed, np.int32(-1)], 2, element_dtype=tf.float32)
    length = _op("TensorListLength", [rest])
    shape = _op("TensorListElementShape", [pushed], shape_type=tf.int32)
    stacked, popped, count, element_shape = _run(_stack(pushed), last, length, shape)
    np.testing.assert_array_equal(stacked, [a, b])
    np.testing.assert_array_equal(popped, b)
    assert count == 1 and element_shape == -1


def test_from_tensor_get_set_gather_and_resize():
    tensor = np.arange(6, dtype=np.float32).reshape(3, 2)
    handle = _op("TensorListFromTensor", [tensor, np.int32([-1])], element_dtype=tf.float32)
    index = np.int32(2)
    item = _op("TensorListGetItem", [handle, index, np.int32(-1)], element_dtype=tf.float32)
    changed = _op("TensorListSetItem", [handle, np.int32(0), np.float32([9, 9])])
    gathered = _op(
        "TensorListGather", [changed, np.int32([2, 0]), np.int32(-1)], element_dtype=tf.float32
    )
    longer = _op("TensorListResize", [handle, np.int32(4)])
    shape = _op("TensorListElementShape", [handle], shape_type=tf.int32)
    values = _run(item, gathered, _stack(longer), _stack(handle), shape)
    np.testing.assert_array_equal(values[0], [4, 5])
    np.testing.assert_array_equal(values[1], [[4, 5], [9, 9]])
    np.testing.assert_array_equal(values[2], np.concatenate([tensor, np.zeros((1, 2))]))
    np.testing.assert_array_equal(values[3], tensor)  # SetItem made a new list
    np.testing.assert_array_equal(values[4], [-1])


def test_a_reserved_list_reads_zeros_of_its_element_shape():
    handle = _op("TensorListReserve", [np.int32([2]), np.int32(3)], element_dtype=tf.float32)
    handle = _op("TensorListSetItem", [handle, np.int32(1), np.float32([5, 6])])
    item = _op("TensorListGetItem", [handle, np.int32(2), np.int32(-1)], element_dtype=tf.float32)
    stacked, zeros = _run(_stack(handle), item)
    np.testing.assert_array_equal(stacked, [[0, 0], [5, 6], [0, 0]])
    np.testing.assert_array_equal(zeros, [0, 0])
    assert stacked.dtype == np.float32


def test_the_stack_of_an_empty_list_takes_the_element_shape():
    assert _run(_stack(_empty(), [0, 3]))[0].shape == (0, 0, 3)
    with pytest.raises(tf.errors.InvalidArgumentError, match="empty list with non-fully"):
        _run(_stack(_empty()))


@pytest.mark.parametrize(
    "build, message",
    [
        (
            lambda: _op("TensorListGetItem", [_empty(), 0, -1], element_dtype=tf.float32),
            r"Trying to access element 0 in a list with 0 elements. \(node 'TensorListGetItem'",
        ),
        (
            lambda: _op("TensorListPopBack", [_empty(), -1], 2, element_dtype=tf.float32)[1],
            "Trying to pop from an empty list.",
        ),
        (
            lambda: _op("TensorListPushBack", [_empty([-1, 2]), np.float32([[1, 2, 3]])]),
            r"incompatible shape to a list. Op element shape: \[1,3\] list shape: \[\?,2\]",
        ),
        (
            lambda: _op("TensorListPushBack", [_empty(), np.int32([1])]),
            "Invalid data types; op elements int32 but list elements float32",
        ),
        (
            lambda: _op(
                "TensorListPushBack",
                [_op("TensorListPushBack", [_empty(-1, 1), np.float32(1)]), np.float32(2)],
            ),
            "Tried to push item into a full list list size: 1 max_num_elements: 1",
        ),
        (
            lambda: _op("TensorListReserve", [-1, -2], element_dtype=tf.float32),
            "The num_elements to reserve must be a non negative number, but got -2",
        ),
        (
            lambda: _op(
                "TensorListGetItem",
                [_op("TensorListReserve", [-1, 2], element_dtype=tf.float32), 0, -1],
                element_dtype=tf.float32,
            ),
            "uninitialized tensor but element_shape is not fully defined: <unknown>",
        ),
    ],
    ids=["index", "pop", "shape", "dtype", "full", "reserve", "uninitialized"],
)
def test_tensorflows_errors_name_the_node(build, message):
    with pytest.raises(tf.errors.InvalidArgumentError, match=message):
        _run(build())


def test_differentiating_through_a_tensor_list_is_refused_naming_the_op():
    x = tf.placeholder(tf.float32, [2])
    handle = _op("TensorListPushBack", [_empty(), x])
    with pytest.raises(LookupError, match=r"'TensorListStack' \(op type: TensorListStack\)"):
        tf.gradients(tf.reduce_sum(_stack(handle)), x)
    item = _op("TensorListGetItem", [handle, 0, -1], element_dtype=tf.float32)
    with pytest.raises(LookupError, match=r"'TensorListGetItem' \(op type: TensorListGetItem"):
        tf.gradients(tf.reduce_sum(item), x)
    assert "TensorListGetItem" in tensor_list_ops.REFUSED_GRADIENTS


def test_zeros_like_of_a_list_keeps_its_length_and_elements_not_set():
    handle = _op("TensorListReserve", [np.int32([2]), np.int32(3)], element_dtype=tf.float32)
    handle = _op("TensorListSetItem", [handle, np.int32(1), np.float32([5, 6])])
    zeros = tf.zeros_like(handle)
    first = _op("TensorListGetItem", [zeros, np.int32(1), np.int32(-1)], element_dtype=tf.float32)
    length = _op("TensorListLength", [zeros])
    values = _run(_stack(zeros), first, length)
    np.testing.assert_array_equal(values[0], np.zeros((3, 2)))
    assert values[2] == 3 and values[1].dtype == np.float32


def test_a_list_holds_lists():
    """A nested loop's records: the outer list's elements are variants."""
    inner = _op("TensorListPushBack", [_empty(), np.float32([1, 2])])
    outer = _op("EmptyTensorList", [np.int32(-1), np.int32(-1)], element_dtype=tf.variant)
    outer = _op("TensorListPushBack", [outer, inner])
    item = _op("TensorListGetItem", [outer, np.int32(0), np.int32(-1)], element_dtype=tf.variant)
    np.testing.assert_array_equal(_run(_stack(item))[0], [[1, 2]])
