"""`tf.contrib.eager` (tfe): TF 1.x's eager execution helpers."""

from tinytf._unsupported import unsupported_hook as _unsupported_hook
from tinytf.eager.backprop import GradientTape
from tinytf.eager.context import enable_eager_execution, executing_eagerly
from tinytf.eager.function import defun, function
from tinytf.ops.variables import Variable

in_eager_mode = executing_eagerly

__all__ = [
    "GradientTape",
    "Variable",
    "defun",
    "enable_eager_execution",
    "executing_eagerly",
    "function",
    "in_eager_mode",
]

__getattr__ = _unsupported_hook("tf.contrib.eager", globals())
