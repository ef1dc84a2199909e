"""TF 1.x's queue input pipelines: producers that fill a queue, and batching queues.

`string_input_producer` and friends put their input (shuffled, `num_epochs` times) into a
FIFOQueue; `batch` and `shuffle_batch` collect single examples into a second queue and
dequeue whole batches. Each queue comes with a QueueRunner in the graph's QUEUE_RUNNERS
collection: `tf.train.start_queue_runners` starts their threads. Each queue also gets
TensorFlow's "fraction full" scalar summary.
"""

from __future__ import annotations

from tinytf.framework import dtypes
from tinytf.framework.graph import GraphKeys, Tensor, control_dependencies, name_scope
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops.array_ops import gather, identity, shape
from tinytf.ops.array_ops import range as range_op
from tinytf.ops.constant_op import constant, convert_to_tensor
from tinytf.ops.data_flow_ops import FIFOQueue, PaddingFIFOQueue, RandomShuffleQueue
from tinytf.ops.math_ops import cast, maximum
from tinytf.ops.random_ops import random_shuffle
from tinytf.ops.state_ops import count_up_to
from tinytf.ops.variables import Variable
from tinytf.summary.summary_ops import scalar
from tinytf.train.queue_runner import QueueRunner, add_queue_runner


def limit_epochs(tensor, num_epochs=None, name=None):
    """`tensor`, which raises OutOfRangeError once it has been run `num_epochs` times
    (counted in a local variable: run `tf.local_variables_initializer()` first)."""
    if num_epochs is None:
        return tensor
    if num_epochs <= 0:
        raise ValueError(f"num_epochs must be > 0 not {num_epochs}.")
    with name_scope(name, "limit_epochs", [tensor]) as name:
        zero64 = constant(0, dtype=dtypes.int64)
        epochs = Variable(
            zero64, name="epochs", trainable=False, collections=[GraphKeys.LOCAL_VARIABLES]
        )
        counter = count_up_to(epochs, num_epochs)
        with control_dependencies([counter]):
            return identity(tensor, name=name)


def input_producer(
    input_tensor,
    element_shape=None,
    num_epochs=None,
    shuffle=True,
    seed=None,
    capacity=32,
    shared_name=None,
    summary_name=None,
    name=None,
    cancel_op=None,
):
    """A FIFOQueue filled with the rows of `input_tensor`, `num_epochs` times (forever if
    None), each pass reshuffled when `shuffle`."""
    with name_scope(name, "input_producer", [input_tensor]):
        input_tensor = convert_to_tensor(input_tensor, name="input_tensor")
        element_shape = input_tensor.shape[1:].merge_with(TensorShape(element_shape))
        if not element_shape.is_fully_defined():
            raise ValueError(
                "Either `input_tensor` must have a fully defined shape or "
                "`element_shape` must be specified"
            )
        if shuffle:
            input_tensor = random_shuffle(input_tensor, seed=seed)
        input_tensor = limit_epochs(input_tensor, num_epochs)
        queue = FIFOQueue(
            capacity,
            [input_tensor.dtype],
            shapes=[element_shape],
            shared_name=shared_name,
            name=name,
        )
        enqueue = queue.enqueue_many([input_tensor])
        add_queue_runner(QueueRunner(queue, [enqueue], cancel_op=cancel_op))
        if summary_name is not None:
            scalar(summary_name, cast(queue.size(), dtypes.float32) * (1.0 / capacity))
        return queue


def string_input_producer(
    string_tensor,
    num_epochs=None,
    shuffle=True,
    seed=None,
    capacity=32,
    shared_name=None,
    name=None,
    cancel_op=None,
):
    """A queue of the strings (typically file names) of `string_tensor`."""
    if not isinstance(string_tensor, Tensor) and not len(string_tensor):
        raise ValueError("string_input_producer requires a non-null input tensor")
    with name_scope(name, "input_producer", [string_tensor]) as name:
        string_tensor = convert_to_tensor(string_tensor, dtype=dtypes.string)
        return input_producer(
            string_tensor,
            element_shape=[],
            num_epochs=num_epochs,
            shuffle=shuffle,
            seed=seed,
            capacity=capacity,
            shared_name=shared_name,
            name=name,
            summary_name=f"fraction_of_{capacity}_full",
            cancel_op=cancel_op,
        )


def range_input_producer(
    limit, num_epochs=None, shuffle=True, seed=None, capacity=32, shared_name=None, name=None
):
    """A queue of the integers 0 ... limit - 1."""
    with name_scope(name, "input_producer", [limit]) as name:
        return input_producer(
            range_op(limit),
            [],
            num_epochs,
            shuffle,
            seed,
            capacity,
            shared_name,
            f"fraction_of_{capacity}_full",
            name,
        )


def slice_input_producer(
    tensor_list, num_epochs=None, shuffle=True, seed=None, capacity=32, shared_name=None, name=None
) -> list:
    """One row of each tensor of `tensor_list` (the same row of each) per run."""
    with name_scope(name, "input_producer", list(tensor_list)):
        tensor_list = [convert_to_tensor(tensor) for tensor in tensor_list]
        if not tensor_list:
            raise ValueError("Expected at least one tensor in slice_input_producer().")
        queue = range_input_producer(
            shape(tensor_list[0])[0],
            num_epochs=num_epochs,
            shuffle=shuffle,
            seed=seed,
            capacity=capacity,
            shared_name=shared_name,
        )
        index = queue.dequeue()
        return [gather(tensor, index) for tensor in tensor_list]


def _as_tensor_list(tensors) -> list:
    if isinstance(tensors, dict):
        return [tensors[key] for key in sorted(tensors)]
    if isinstance(tensors, (list, tuple)):
        return list(tensors)
    return [tensors]


def _as_original_type(original, dequeued):
    """A dict for a dict; otherwise what the queue gives, as TensorFlow returns it: a list
    of tensors, or one tensor when one was batched (even from a one-tensor list)."""
    if isinstance(original, dict):
        if not isinstance(dequeued, list):
            dequeued = [dequeued]
        return dict(zip(sorted(original), dequeued, strict=True))
    return dequeued


def _shapes(tensor_lists: list, shapes, enqueue_many: bool, dynamic_pad: bool) -> list:
    if shapes is not None:
        return [TensorShape(s) for s in shapes]
    merged = []
    for index, tensor in enumerate(tensor_lists[0]):
        element = tensor.shape[1:] if enqueue_many else tensor.shape
        for tensors in tensor_lists[1:]:
            other = tensors[index].shape
            element = element.merge_with(other[1:] if enqueue_many else other)
        if element.ndims is None or (not dynamic_pad and not element.is_fully_defined()):
            raise ValueError(
                f"All shapes must be fully defined: {[t.shape for t in tensor_lists[0]]}"
            )
        merged.append(element)
    return merged


def _batch_queue(
    tensors_list,
    scope_default,
    *,
    batch_size,
    capacity,
    enqueue_many,
    shapes,
    allow_smaller_final_batch,
    shared_name,
    name,
    num_threads=1,
    dynamic_pad=False,
    min_after_dequeue=None,
    seed=None,
):
    """The batching queue shared by batch, shuffle_batch and their _join forms: one
    enqueue op per entry of `tensors_list` (times `num_threads`)."""
    original = tensors_list[0]
    tensor_lists = [_as_tensor_list(tensors) for tensors in tensors_list]
    flat = [tensor for tensors in tensor_lists for tensor in tensors]
    with name_scope(name, scope_default, flat) as name:
        tensor_lists = [[convert_to_tensor(t) for t in tensors] for tensors in tensor_lists]
        types = [tensor.dtype for tensor in tensor_lists[0]]
        for tensors in tensor_lists[1:]:
            if [tensor.dtype for tensor in tensors] != types:
                raise TypeError(f"Expected types to be {types}, got {[t.dtype for t in tensors]}")
        element_shapes = _shapes(tensor_lists, shapes, enqueue_many, dynamic_pad)
        if min_after_dequeue is None:
            kind = PaddingFIFOQueue if dynamic_pad else FIFOQueue
            queue = kind(capacity, types, shapes=element_shapes, shared_name=shared_name)
        else:
            if capacity <= min_after_dequeue:
                raise ValueError(
                    f"capacity {capacity} must be bigger than min_after_dequeue "
                    f"{min_after_dequeue}."
                )
            queue = RandomShuffleQueue(
                capacity,
                min_after_dequeue,
                types,
                shapes=element_shapes,
                seed=seed,
                shared_name=shared_name,
            )
        enqueue = queue.enqueue_many if enqueue_many else queue.enqueue
        enqueue_ops = [enqueue(tensors) for tensors in tensor_lists] * num_threads
        add_queue_runner(QueueRunner(queue, enqueue_ops))
        if min_after_dequeue is None:
            full = cast(queue.size(), dtypes.float32) * (1.0 / capacity)
            scalar(f"fraction_of_{capacity}_full", full)
        else:
            spare = capacity - min_after_dequeue
            over = maximum(0, queue.size() - min_after_dequeue)
            full = cast(over, dtypes.float32) * (1.0 / spare)
            scalar(f"fraction_over_{min_after_dequeue}_of_{spare}_full", full)
        if allow_smaller_final_batch:
            dequeued = queue.dequeue_up_to(batch_size, name=name)
        else:
            dequeued = queue.dequeue_many(batch_size, name=name)
        return _as_original_type(original, dequeued)


def batch(
    tensors,
    batch_size,
    num_threads=1,
    capacity=32,
    enqueue_many=False,
    shapes=None,
    dynamic_pad=False,
    allow_smaller_final_batch=False,
    shared_name=None,
    name=None,
):
    """Batches of `batch_size` examples, in the order they come (`num_threads` threads
    may interleave them); the same structure as `tensors` (a tensor, list or dict)."""
    settings = dict(locals())
    return _batch_queue([settings.pop("tensors")], "batch", **settings)


def batch_join(
    tensors_list,
    batch_size,
    capacity=32,
    enqueue_many=False,
    shapes=None,
    dynamic_pad=False,
    allow_smaller_final_batch=False,
    shared_name=None,
    name=None,
):
    """Batches from several sources (one thread each), e.g. several readers."""
    settings = dict(locals())
    return _batch_queue(list(settings.pop("tensors_list")), "batch_join", **settings)


def shuffle_batch(
    tensors,
    batch_size,
    capacity,
    min_after_dequeue,
    num_threads=1,
    seed=None,
    enqueue_many=False,
    shapes=None,
    allow_smaller_final_batch=False,
    shared_name=None,
    name=None,
):
    """Batches drawn at random from a RandomShuffleQueue that keeps `min_after_dequeue`
    examples to mix (until the input ends)."""
    settings = dict(locals())
    return _batch_queue([settings.pop("tensors")], "shuffle_batch", **settings)


def shuffle_batch_join(
    tensors_list,
    batch_size,
    capacity,
    min_after_dequeue,
    seed=None,
    enqueue_many=False,
    shapes=None,
    allow_smaller_final_batch=False,
    shared_name=None,
    name=None,
):
    """shuffle_batch from several sources (one thread each)."""
    settings = dict(locals())
    return _batch_queue(list(settings.pop("tensors_list")), "shuffle_batch_join", **settings)
