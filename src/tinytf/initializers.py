"""`tf.initializers`: the initializers under their short names, and variable initializers."""

from tinytf._unsupported import unsupported_hook as _unsupported_hook
from tinytf.ops import init_ops, variables
from tinytf.ops.init_ops import he_normal, he_uniform, lecun_normal, lecun_uniform

constant = init_ops.Constant
glorot_normal = init_ops.GlorotNormal
glorot_uniform = init_ops.GlorotUniform
identity = init_ops.Identity
ones = init_ops.Ones
orthogonal = init_ops.Orthogonal
random_normal = init_ops.RandomNormal
random_uniform = init_ops.RandomUniform
truncated_normal = init_ops.TruncatedNormal
uniform_unit_scaling = init_ops.UniformUnitScaling
variance_scaling = init_ops.VarianceScaling
zeros = init_ops.Zeros

global_variables = variables.global_variables_initializer
local_variables = variables.local_variables_initializer
variables = variables.variables_initializer

__all__ = [
    "constant",
    "global_variables",
    "glorot_normal",
    "glorot_uniform",
    "he_normal",
    "he_uniform",
    "identity",
    "lecun_normal",
    "lecun_uniform",
    "local_variables",
    "ones",
    "orthogonal",
    "random_normal",
    "random_uniform",
    "truncated_normal",
    "uniform_unit_scaling",
    "variables",
    "variance_scaling",
    "zeros",
]

__getattr__ = _unsupported_hook("tf.initializers", globals())
