"""`tensorflow.python.ops.variables`: tf.Variable and the variable collections."""

from tinytf.python._alias import alias

__getattr__, __dir__ = alias(__name__, "tf", "tinytf.ops.variables")
