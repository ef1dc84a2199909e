"""`tensorflow.python.ops.variable_scope`: get_variable, variable_scope."""

from tinytf.python._alias import alias

__getattr__, __dir__ = alias(__name__, "tf", "tinytf.ops.variable_scope")
