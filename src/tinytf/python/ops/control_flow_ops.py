"""`tensorflow.python.ops.control_flow_ops`: group, cond, while_loop..."""

from tinytf.python._alias import alias

__getattr__, __dir__ = alias(__name__, "tf", "tinytf.ops.control_flow_ops")
