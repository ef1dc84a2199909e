"""`tinytf.compat`: the `tf.compat.v1` namespace, so TF 2.x-style imports also work."""
