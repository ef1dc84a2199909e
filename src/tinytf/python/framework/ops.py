"""`tensorflow.python.framework.ops`: graphs, tensors, scopes, collections."""

from tinytf.python._alias import alias

__getattr__, __dir__ = alias(
    __name__,
    "tf",
    "tinytf.framework.graph",
    "tinytf.framework.registry",
    "tinytf.ops.constant_op",
    "tinytf.client.session",
)
