"""TensorFlow's Assert op, as graphs made by TensorFlow hold it (tf.Assert, the checks of
tf.case(exclusive=True) and tf.debugging.assert_*): it fails the run with
InvalidArgumentError when its condition is false, printing its data the way TensorFlow's
kernel summarizes tensors."""

from __future__ import annotations

import numpy as np

from tinytf.framework import errors
from tinytf.framework.registry import NotDifferentiable, register_op


@register_op("Assert", infer=lambda inputs, attrs: [], bind=True, stateful=True)
def _assert_kernel(op, session):
    summarize = int(op._attrs.get("summarize", 3))

    def check(condition, *data):
        if not np.all(condition):
            shown = " ".join(f"[{summary(value, summarize)}]" for value in data)
            raise errors.InvalidArgumentError(None, op, f"assertion failed: {shown}")

    return check


NotDifferentiable("Assert")


def summary(value, limit: int) -> str:
    """TensorFlow's Tensor::SummarizeValue: the first `limit` elements, each dimension in
    brackets but the first, "..." where elements are left out."""
    value = np.asarray(value)
    flat = value.reshape(-1)
    limit = min(limit, flat.size)
    if value.ndim == 0:
        return " ".join(_element(flat[i]) for i in range(limit))
    taken = [0]
    text = _dimension(value.shape, 0, flat, limit, taken)
    return text + ("..." if limit < flat.size else "")


def _dimension(shape, axis: int, flat, limit: int, taken: list) -> str:
    if taken[0] >= limit:
        return ""
    parts = []
    if axis == len(shape) - 1:  # the innermost dimension: elements
        for i in range(shape[axis]):
            if taken[0] >= limit:
                return "".join(parts) + ("..." if axis else "")
            parts.append((" " if i else "") + _element(flat[taken[0]]))
            taken[0] += 1
        return "".join(parts)
    for _ in range(shape[axis]):
        opened = taken[0] < limit
        inner = _dimension(shape, axis + 1, flat, limit, taken)
        parts.append(("[" if opened else "") + inner + ("]" if opened else ""))
    return "".join(parts)


def _element(element) -> str:
    if isinstance(element, bytes):
        return element.decode("utf-8", "replace")
    if isinstance(element, (bool, np.bool_)):
        return "1" if element else "0"
    if isinstance(element, np.floating):
        digits = 6 if element.dtype.itemsize <= 4 else 15
        text = f"{element:.{digits}g}"
        if type(element)(text) != element:  # the shortest digits that read back the same
            text = f"{element:.{digits + 3}g}"
        return text
    return str(element)
