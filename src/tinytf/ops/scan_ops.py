"""Scans: running sums and products along an axis (cumsum, cumprod)."""

from __future__ import annotations

import numpy as np

from tinytf.framework.graph import Tensor, name_scope
from tinytf.framework.registry import RegisterGradient, register_op
from tinytf.ops.constant_op import convert_to_tensor
from tinytf.ops.math_common import NUMBERS, constant_axis, create, elementwise


def cumsum(x, axis=0, exclusive=False, reverse=False, name=None) -> Tensor:
    """Running sums along `axis`; `exclusive` leaves each element out of its own sum."""
    return _scan("Cumsum", x, axis, exclusive, reverse, name)


def cumprod(x, axis=0, exclusive=False, reverse=False, name=None) -> Tensor:
    """Running products along `axis`; `exclusive` leaves each element out of its own."""
    return _scan("Cumprod", x, axis, exclusive, reverse, name)


def _scan(op_type, x, axis, exclusive, reverse, name) -> Tensor:
    with name_scope(name, op_type, [x]) as scope:
        x = convert_to_tensor(x, name="x")
        axis = int(constant_axis(axis, op_type))
        rank = x.shape.ndims
        if rank is not None and not -rank <= axis < rank:
            raise ValueError(
                f"axis {axis} is out of range for a tensor of rank {rank} "
                f"(expected -{rank} <= axis < {rank}) for '{op_type}'"
            )
        attrs = {
            "axis": axis if rank is None else axis % rank,
            "exclusive": bool(exclusive),
            "reverse": bool(reverse),
        }
        return create(op_type, [x], attrs, scope)


def _scan_kernel(accumulate, identity):
    """A kernel for np.cumsum or np.cumprod with TensorFlow's exclusive and reverse."""

    def kernel(x, axis, exclusive, reverse):
        out = np.empty_like(x)
        # Reversing is a flipped view of the input and of the output: no copies.
        source = np.flip(x, axis) if reverse else x
        target = np.flip(out, axis) if reverse else out
        if exclusive:
            before = (slice(None),) * axis
            target[before + (slice(0, 1),)] = identity
            source, target = source[before + (slice(0, -1),)], target[before + (slice(1, None),)]
        accumulate(source, axis=axis, dtype=out.dtype, out=target)
        return out

    return kernel


register_op("Cumsum", infer=elementwise("Cumsum", NUMBERS))(_scan_kernel(np.cumsum, 0))
register_op("Cumprod", infer=elementwise("Cumprod", NUMBERS))(_scan_kernel(np.cumprod, 1))


def _scan_attrs(op) -> dict:
    return {name: op.get_attr(name) for name in ("axis", "exclusive", "reverse")}


@RegisterGradient("Cumsum")
def _cumsum_grad(op, grad):
    attrs = _scan_attrs(op)
    return cumsum(grad, attrs["axis"], attrs["exclusive"], not attrs["reverse"])


@RegisterGradient("Cumprod")
def _cumprod_grad(op, grad):
    # TensorFlow's rule: it divides by x, so it is undefined where x is zero.
    x = op.inputs[0]
    attrs = _scan_attrs(op)
    products = cumprod(x, **attrs)
    sums = cumsum(products * grad, attrs["axis"], attrs["exclusive"], not attrs["reverse"])
    return sums / x
