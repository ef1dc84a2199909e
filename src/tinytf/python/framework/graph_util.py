"""`tensorflow.python.framework.graph_util`: GraphDef utilities (tinytf.framework.graph_util)."""

from tinytf.python._alias import alias

__getattr__, __dir__ = alias(__name__, "tf.graph_util", "tinytf.framework.graph_util")
