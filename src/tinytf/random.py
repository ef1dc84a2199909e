"""`tf.random`: random ops under their short names, and the seeds that drive them."""

from tinytf._unsupported import unsupported_hook as _unsupported_hook
from tinytf.framework.random_seed import get_seed, set_random_seed
from tinytf.ops import random_ops
from tinytf.ops.random_ops import categorical, multinomial, truncated_normal

normal = random_ops.random_normal
uniform = random_ops.random_uniform
shuffle = random_ops.random_shuffle

__all__ = [
    "categorical",
    "get_seed",
    "multinomial",
    "normal",
    "set_random_seed",
    "shuffle",
    "truncated_normal",
    "uniform",
]

__getattr__ = _unsupported_hook("tf.random", globals())
