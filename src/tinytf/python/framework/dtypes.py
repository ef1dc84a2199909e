"""`tensorflow.python.framework.dtypes`: the DType objects (tinytf.framework.dtypes)."""

from tinytf.python._alias import alias

__getattr__, __dir__ = alias(__name__, "tf.dtypes", "tinytf.framework.dtypes")
