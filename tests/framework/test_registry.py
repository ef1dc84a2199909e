"""The op registry: kernels and shape rules by op type, gradients by op type."""

import pytest

import tinytf as tf
from tinytf.framework import registry


@pytest.fixture
def scratch_op_type():
    """A fresh op type name, removed from the registry afterwards."""
    with registry.registration_scope():
        yield "TestOnlyRegistryOp"


def test_a_registration_scope_forgets_what_was_registered_inside():
    before = registry.registered_op_types()
    with registry.registration_scope():
        registry.register_op("TestOnlyScoped", infer=lambda inputs, attrs: [])(lambda: None)
        tf.NotDifferentiable("TestOnlyScoped")
        registry.register_fusion([("TestOnlyScoped",)], 1, lambda ops, others: True, None)
        assert "TestOnlyScoped" in registry.registered_op_types()
        assert registry.fusions_starting_with("TestOnlyScoped")
    assert registry.registered_op_types() == before
    assert not registry.has_gradient_entry("TestOnlyScoped")
    assert registry.fusions_starting_with("TestOnlyScoped") == []


def test_register_and_look_up(scratch_op_type):
    @registry.register_op(
        scratch_op_type, infer=lambda inputs, attrs: (tf.float32, []), stateful=True
    )
    def _kernel():
        return 1.0

    op_def = registry.get_op_def(scratch_op_type)
    assert (op_def.type, op_def.kernel, op_def.stateful, op_def.bind) == (
        scratch_op_type,
        _kernel,
        True,
        False,
    )
    assert scratch_op_type in registry.registered_op_types()


def test_registering_twice_is_refused(scratch_op_type):
    registry.register_op(scratch_op_type, infer=lambda inputs, attrs: [])(lambda: None)
    with pytest.raises(KeyError, match=f"Op type '{scratch_op_type}' is already registered"):
        registry.register_op(scratch_op_type, infer=lambda inputs, attrs: [])(lambda: None)


def test_unknown_op_type():
    with pytest.raises(KeyError, match="Op type not registered 'NoSuchOp'"):
        registry.get_op_def("NoSuchOp")


def test_gradient_registration(scratch_op_type):
    @tf.RegisterGradient(scratch_op_type)
    def _grad(op, grad):
        return grad

    assert registry.has_gradient_entry(scratch_op_type)
    assert registry.is_differentiable(scratch_op_type)
    with pytest.raises(KeyError, match=f"Registering two gradient with name '{scratch_op_type}'!"):
        tf.RegisterGradient(scratch_op_type)(_grad)


def test_not_differentiable(scratch_op_type):
    tf.NotDifferentiable(scratch_op_type)
    assert registry.has_gradient_entry(scratch_op_type)
    assert not registry.is_differentiable(scratch_op_type)
    with pytest.raises(KeyError, match="Registering two gradient"):
        tf.NoGradient(scratch_op_type)


def test_op_type_must_be_a_string():
    with pytest.raises(TypeError, match="op_type must be a string"):
        tf.RegisterGradient(3)
    with pytest.raises(TypeError, match="op_type must be a string"):
        tf.NotDifferentiable(3)


def test_missing_gradient_is_a_lookup_error_naming_the_op(scratch_op_type):
    registry.register_op(
        scratch_op_type, infer=lambda inputs, attrs: (inputs[0].dtype, inputs[0].shape)
    )(lambda x: x)
    x = tf.constant(1.0)
    op = tf.get_default_graph().create_op(scratch_op_type, [x], name="mystery")
    with pytest.raises(
        LookupError,
        match=f"No gradient defined for operation 'mystery' "
        rf"\(op type: {scratch_op_type}\)",
    ):
        registry.get_gradient_function(op)


def test_every_registered_op_is_reachable_by_its_type():
    for op_type in registry.registered_op_types():
        assert registry.get_op_def(op_type).type == op_type


class TestForwardsInput:
    def test_a_reshape_to_the_same_static_shape_forwards_its_input(self):
        x = tf.placeholder(tf.float32, [None, 3])
        same = tf.reshape(x, [-1, 3])
        assert registry.same_size_static_shape(same.op)
        assert not registry.same_static_shape(same.op)  # one unknown dimension

    def test_two_unknown_dimensions_or_another_shape_do_not(self):
        x = tf.placeholder(tf.float32, [None, None])
        assert not registry.same_size_static_shape(tf.reshape(x, tf.shape(x)).op)
        y = tf.placeholder(tf.float32, [2, 3])
        assert not registry.same_static_shape(tf.reshape(y, [3, 2]).op)
        assert registry.same_static_shape(tf.reshape(y, [2, 3]).op)

    def test_identity_always_does(self):
        assert registry.always(tf.identity(tf.constant(1.0)).op)


def test_ops_declare_the_facts_plans_rely_on():
    assert registry.get_op_def("Cast").fresh_outputs
    assert registry.get_op_def("Relu").inplace[0] == 0
    assert registry.get_op_def("Shape").shape_only_inputs == (0,)
    assert registry.get_op_def("SparseSoftmaxCrossEntropyWithLogits").gradient_only[0] == 1
    assert registry.get_op_def("Const").constant_attr == "value"
    assert registry.get_op_def("NoOp").control_only
    assert registry.get_op_def("Placeholder").requires_feed
    (fusion,) = registry.fusions_starting_with("MatMul")
    assert fusion.required == 2 and "BiasAdd" in fusion.pattern[1]
