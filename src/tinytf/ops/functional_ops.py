"""tf.map_fn, tf.scan, tf.foldl, tf.foldr: while loops over the first axis of `elems`.

Each is a tf.while_loop (so its ops are `map/while/...`, `scan/while/...`) whose body
reads element i with a gather. map_fn and scan collect one result per iteration: the
While op records the body's result at every iteration (the same mechanism that keeps
forward values for the gradient) and a TensorListStack op stacks them, where TensorFlow
writes them to a TensorArray.
"""

from __future__ import annotations

from tinytf.framework import nest
from tinytf.framework.graph import get_default_graph, name_scope
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops import while_op
from tinytf.ops.constant_op import constant, convert_to_tensor
from tinytf.ops.gather_ops import gather
from tinytf.ops.joining_ops import concat, stack
from tinytf.ops.shape_ops import expand_dims, identity, shape
from tinytf.ops.slicing_ops import reverse


def map_fn(
    fn,
    elems,
    dtype=None,
    parallel_iterations=None,
    back_prop=True,
    swap_memory=False,
    infer_shape=True,
    name=None,
):
    """`fn` applied to each element of `elems` (unstacked on axis 0), the results stacked.

    `dtype` (the results' structure when it differs from `elems`') is accepted: the
    results' structure is what `fn` returns.
    """
    if not callable(fn):
        raise TypeError("fn must be callable.")
    if get_default_graph().executes_eagerly:
        return _eager_map(fn, elems)
    flat = _flat_elems(elems)
    with name_scope(name, "map", flat):
        flat = [convert_to_tensor(e, name="elem") for e in flat]
        count = _static_length(flat)
        length = _length(flat) if count is None else count
        results = []

        def body(i):
            items = [gather(e, i, name="TensorArrayReadV3") for e in flat]
            value = fn(nest.pack_sequence_as(elems, items))
            leaves = [convert_to_tensor(leaf) for leaf in nest.flatten(value)]
            results.append(nest.pack_sequence_as(value, leaves))
            return i + 1

        final = while_op.while_loop(
            lambda i: i < length,
            body,
            [constant(0)],
            back_prop=back_prop,
            name="while",
            maximum_iterations=length,
        )
        stacked = _stack(final, nest.flatten(results[0]), count)
    return nest.pack_sequence_as(results[0], stacked)


def scan(
    fn,
    elems,
    initializer=None,
    parallel_iterations=10,
    back_prop=True,
    swap_memory=False,
    infer_shape=True,
    reverse=False,
    name=None,
):
    """The successive values of `a = fn(a, x)` over the elements `x` of `elems` (from the
    last with `reverse`), starting from `initializer` or else the first element."""
    return _accumulate(fn, elems, initializer, back_prop, reverse, name, "scan", collect=True)


def foldl(
    fn,
    elems,
    initializer=None,
    parallel_iterations=10,
    back_prop=True,
    swap_memory=False,
    name=None,
):
    """The last value of `a = fn(a, x)` over the elements of `elems`, first to last."""
    return _accumulate(fn, elems, initializer, back_prop, False, name, "foldl", collect=False)


def foldr(
    fn,
    elems,
    initializer=None,
    parallel_iterations=10,
    back_prop=True,
    swap_memory=False,
    name=None,
):
    """The last value of `a = fn(a, x)` over the elements of `elems`, last to first."""
    return _accumulate(fn, elems, initializer, back_prop, True, name, "foldr", collect=False)


def _accumulate(fn, elems, initializer, back_prop, backwards, name, default_name, collect):
    if not callable(fn):
        raise TypeError("fn must be callable.")
    if get_default_graph().executes_eagerly:
        return _eager_accumulate(fn, elems, initializer, backwards, collect)
    flat = _flat_elems(elems)
    with name_scope(name, default_name, flat):
        flat = [convert_to_tensor(e, name="elems") for e in flat]
        length = _length(flat)

        def element(i):
            index = length - 1 - i if backwards else i
            return nest.pack_sequence_as(elems, [gather(e, index) for e in flat])

        if initializer is None:
            start = 1
            initial = element(constant(0))
        else:
            start = 0
            initial = nest.map_structure(convert_to_tensor, initializer)
        structure = initial
        results = []

        def body(i, *accumulated):
            value = fn(nest.pack_sequence_as(structure, accumulated), element(i))
            leaves = [convert_to_tensor(leaf) for leaf in nest.flatten(value)]
            results.append(leaves)
            return (i + 1, *leaves)

        final = while_op.while_loop(
            lambda i, *_: i < length,
            body,
            (constant(start), *nest.flatten(initial)),
            back_prop=back_prop,
            name="while",
            maximum_iterations=length - start,
        )
        if not collect:
            return nest.pack_sequence_as(structure, list(final[1:]))
        count = _static_length(flat)
        count = None if count is None else count - start
        if initializer is not None and not backwards:
            return nest.pack_sequence_as(structure, _stack(final[0], results[0], count))
        stacked = _stack(final[0], results[0], count, scope="TensorListStack")
        if initializer is None:
            stacked = [
                concat([expand_dims(first, 0), rest], 0)
                for first, rest in zip(nest.flatten(initial), stacked, strict=True)
            ]
        if backwards:
            stacked = [reverse(tensor, [0]) for tensor in stacked]
        named = []
        for tensor in stacked:  # TensorFlow's name for a scan's result
            with name_scope("TensorArrayStack"):
                named.append(identity(tensor, name="TensorArrayGatherV3"))
    return nest.pack_sequence_as(structure, named)


def _flat_elems(elems) -> list:
    flat = nest.flatten(elems)
    if not flat:
        raise ValueError("elems must not be empty")
    return flat


def _static_length(flat) -> int | None:
    first = flat[0].shape
    if first.ndims is None or first.ndims == 0:
        return None
    return first.as_list()[0]


def _length(flat):
    """The number of elements: a constant when known statically."""
    count = _static_length(flat)
    return shape(flat[0])[0] if count is None else constant(count)


def _stack(final_counter, leaves, count, scope="TensorArrayStack") -> list:
    """The values of `leaves` that the loop ending in `final_counter` recorded at each of
    its `count` iterations, each stacked into one tensor."""
    op = final_counter.op._inputs[0].op  # the While op behind the loop's Exit
    stacked = []
    for leaf in leaves:
        tensor = while_op.stack_recorded(while_op.record(op, leaf), leaf.shape, scope)
        tensor.set_shape(TensorShape([count]).concatenate(leaf.shape))
        stacked.append(tensor)
    return stacked


def _eager_elements(elems) -> tuple[list, int]:
    flat = [convert_to_tensor(e) for e in _flat_elems(elems)]
    return flat, int(flat[0].shape[0])


def _stacked(results: list):
    """Per-element results (each a structure) stacked leaf by leaf along a new axis 0."""
    leaves = [nest.flatten(result) for result in results]
    columns = [stack([row[k] for row in leaves]) for k in range(len(leaves[0]))]
    return nest.pack_sequence_as(results[0], columns)


def _eager_map(fn, elems):
    """In eager mode, as TensorFlow's: a Python loop over the elements, results stacked."""
    flat, count = _eager_elements(elems)
    return _stacked([fn(nest.pack_sequence_as(elems, [e[i] for e in flat])) for i in range(count)])


def _eager_accumulate(fn, elems, initializer, backwards: bool, collect: bool):
    """scan, foldl and foldr in eager mode: a Python loop carrying the accumulator."""
    flat, count = _eager_elements(elems)
    order = list(range(count))[::-1] if backwards else list(range(count))
    results = {}
    if initializer is None:
        accumulated = nest.pack_sequence_as(elems, [e[order[0]] for e in flat])
        results[order[0]] = accumulated
        order = order[1:]
    else:
        accumulated = nest.map_structure(convert_to_tensor, initializer)
    for index in order:
        accumulated = fn(accumulated, nest.pack_sequence_as(elems, [e[index] for e in flat]))
        results[index] = accumulated
    if not collect:
        return accumulated
    return _stacked([results[index] for index in sorted(results)])
