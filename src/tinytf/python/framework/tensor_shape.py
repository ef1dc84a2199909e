"""`tensorflow.python.framework.tensor_shape`: TensorShape and Dimension."""

from tinytf.python._alias import alias

__getattr__, __dir__ = alias(__name__, "tf", "tinytf.framework.tensor_shape")
