"""tf.train.Saver in eager mode: variables from var_list saved and restored without a session."""

import numpy as np
import pytest


def test_save_and_restore_eager_variables(tf, tmp_path):
    w = tf.Variable([[1.0, 2.0]], name="w")
    b = tf.Variable([3.0], name="b")
    saver = tf.train.Saver(var_list=[w, b])
    prefix = saver.save(None, str(tmp_path / "model"))
    w.assign([[0.0, 0.0]])
    b.assign_add([10.0])
    saver.restore(None, prefix)
    np.testing.assert_array_equal(w.numpy(), [[1.0, 2.0]])
    np.testing.assert_array_equal(b.numpy(), [3.0])
    assert tf.train.latest_checkpoint(str(tmp_path)) == prefix


def test_an_eager_checkpoint_restores_into_a_graph_session(tf, tmp_path):
    w = tf.Variable([[1.0, 2.0]], name="w")
    prefix = tf.train.Saver(var_list=[w]).save(None, str(tmp_path / "model"))
    with tf.Graph().as_default():
        graph_w = tf.Variable(tf.zeros([1, 2]), name="w")
        with tf.Session() as sess:
            tf.train.Saver().restore(sess, prefix)
            np.testing.assert_array_equal(sess.run(graph_w), [[1.0, 2.0]])


def test_eager_saver_needs_a_var_list(tf):
    tf.Variable(1.0)
    with pytest.raises(RuntimeError, match="`var_list` must specify"):
        tf.train.Saver()
