"""`tf.train`: optimizers, learning-rate schedules, the global step, moving averages, Saver.

Each block below re-exports one module's part of the `tf.train` surface.
"""

from tinytf.train.optimizer import Optimizer
from tinytf.train.optimizers import (
    AdadeltaOptimizer, AdagradOptimizer, AdamOptimizer, GradientDescentOptimizer,
    MomentumOptimizer, RMSPropOptimizer,
)
from tinytf.train.training_util import (
    assert_global_step, create_global_step, get_global_step, get_or_create_global_step,
    global_step,
)
