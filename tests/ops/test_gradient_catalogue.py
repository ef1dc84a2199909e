"""Every differentiable op type has a numeric gradient check, driven by the catalogue."""

import zlib

import numpy as np
import pytest

from tests.ops.catalogue import CASES
from tests.ops.gradient_check import check_gradients
from tinytf.framework import registry
from tinytf.ops.tensor_list_ops import REFUSED_GRADIENTS


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_gradient_matches_central_differences(case):
    rng = np.random.default_rng(zlib.crc32(case.id.encode()))
    check_gradients(
        case.build, case.draw(rng), case.constant_inputs, rng, rtol=case.rtol, eps=case.eps
    )


@pytest.mark.parametrize("case", [c for c in CASES if c.second_order], ids=lambda c: c.id)
def test_second_order_gradient_matches_central_differences(case):
    rng = np.random.default_rng(7)
    check_gradients(
        case.build,
        case.draw(rng),
        case.constant_inputs,
        rng,
        second_order=True,
        rtol=case.rtol,
        eps=case.eps,
    )


def test_every_registered_op_type_declares_its_gradient():
    missing = [t for t in registry.registered_op_types() if not registry.has_gradient_entry(t)]
    assert not missing, f"register a gradient or NotDifferentiable for: {missing}"


# Op types whose gradient function refuses to differentiate them (with LookupError).
REFUSED = {"WhileGradGrad"}  # third order through tf.while_loop: tests/ops/test_while_op.py
REFUSED |= set(REFUSED_GRADIENTS)  # imported TensorLists: tests/ops/test_tensor_list_ops.py


def test_every_differentiable_op_type_has_a_catalogue_case():
    covered = {case.op_type for case in CASES} | REFUSED
    uncovered = [
        t
        for t in registry.registered_op_types()
        if registry.is_differentiable(t) and t not in covered
    ]
    assert not uncovered, f"add gradient catalogue cases for: {uncovered}"


def test_the_checker_catches_a_wrong_gradient():
    import tinytf as tf

    with registry.registration_scope():
        wrong = tf.RegisterGradient("TestOnlyWrongSquare")

        @registry.register_op(
            "TestOnlyWrongSquare", infer=lambda inputs, attrs: (inputs[0].dtype, inputs[0].shape)
        )
        def _kernel(x):
            return x * x

        wrong(lambda op, grad: grad * op.inputs[0])  # the true gradient is 2x

        def build(x):
            return tf.get_default_graph().create_op("TestOnlyWrongSquare", [x]).outputs[0]

        with pytest.raises(AssertionError):
            check_gradients(build, [np.array([1.0, 2.0])])
