"""`tensorflow.python`: the TensorFlow-internal modules that TF 1.x programs import.

Programs write `from tensorflow.python.framework import ops` and call
`ops.reset_default_graph()`; with `tinytf` in place of `tensorflow` these modules give them
tinytf's own functions. Each module is an alias, not a copy: a name is looked up, on first
use, in the tinytf modules that implement it and then in the public namespace it belongs to
(`tf.*`, `tf.nn.*`, `tf.train.*`...), so these modules are a superset of TensorFlow's where
tinytf's public namespace has more. A name that tinytf lacks raises the same
`UnsupportedError` (with the same advice) as reading it from `tf.*`.
"""
