"""The global step: creation, lookup, checks, and reading it from a session."""

import numpy as np
import pytest

import tinytf as tf


def test_created_global_step_is_an_int64_scalar_counter_outside_training():
    assert tf.train.get_global_step() is None
    with tf.name_scope("model"):
        step = tf.train.create_global_step()
    assert step.name == "global_step:0"
    assert step.dtype == tf.int64 and step.shape.as_list() == []
    assert tf.get_collection(tf.GraphKeys.GLOBAL_STEP) == [step]
    assert tf.global_variables() == [step]
    assert tf.trainable_variables() == []
    graph = tf.get_default_graph()
    assert graph.get_operation_by_name("global_step/Initializer/zeros").type == "Const"
    with tf.Session() as sess:
        sess.run(step.initializer)
        assert tf.train.global_step(sess, step) == 0
        sess.run(tf.assign_add(step, 5))
        value = tf.train.global_step(sess, step)
        assert value == 5 and isinstance(value, int)


def test_get_or_create_returns_the_existing_step():
    step = tf.train.get_or_create_global_step()
    assert tf.train.get_or_create_global_step() is step
    assert tf.train.get_global_step() is step
    with pytest.raises(ValueError, match='"global_step" already exists.'):
        tf.train.create_global_step()


def test_a_tensor_named_global_step_is_found_without_the_collection():
    step = tf.Variable(np.int64(7), name="global_step")
    found = tf.train.get_global_step()
    assert found is step.op.outputs[0]
    with tf.Session() as sess:
        sess.run(step.initializer)
        assert tf.train.global_step(sess, found) == 7


def test_steps_of_another_graph_stay_there():
    other = tf.Graph()
    step = tf.train.create_global_step(other)
    assert step.graph is other
    assert tf.train.get_global_step(other) is step
    assert tf.train.get_global_step() is None


def test_two_steps_in_the_collection_give_none():
    tf.add_to_collection(tf.GraphKeys.GLOBAL_STEP, tf.Variable(np.int64(0), name="a"))
    tf.add_to_collection(tf.GraphKeys.GLOBAL_STEP, tf.Variable(np.int64(0), name="b"))
    assert tf.train.get_global_step() is None


def test_bad_global_steps_raise_type_errors():
    with pytest.raises(TypeError, match='Existing "global_step" does not have integer type'):
        tf.train.assert_global_step(tf.Variable(0.0))
    with pytest.raises(TypeError, match=r'Existing "global_step" is not scalar: \(2,\)'):
        tf.train.assert_global_step(tf.Variable([0, 1]))
    with pytest.raises(TypeError, match='Existing "global_step" must be a Variable or Tensor'):
        tf.train.assert_global_step(3)
    tf.add_to_collection(tf.GraphKeys.GLOBAL_STEP, tf.constant(1.5))
    with pytest.raises(TypeError, match="does not have integer type"):
        tf.train.get_global_step()


def test_the_global_step_belongs_to_the_variable_store():
    step = tf.train.create_global_step()
    with tf.variable_scope("", reuse=True):
        assert tf.get_variable("global_step", shape=[], dtype=tf.int64) is step
    with pytest.raises(ValueError, match="Variable global_step already exists"):
        tf.get_variable("global_step", shape=[])
