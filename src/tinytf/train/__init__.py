"""`tf.train`: optimizers, learning-rate schedules, the global step, moving averages, Saver.

Each block below re-exports one module's part of the `tf.train` surface.
"""

from tinytf._unsupported import unsupported_hook as _unsupported_hook
from tinytf.train.optimizer import Optimizer
from tinytf.train.optimizers import (
    AdadeltaOptimizer,
    AdagradOptimizer,
    AdamOptimizer,
    GradientDescentOptimizer,
    MomentumOptimizer,
    RMSPropOptimizer,
)
from tinytf.train.training_util import (
    assert_global_step,
    create_global_step,
    get_global_step,
    get_or_create_global_step,
    global_step,
)
from tinytf.train.learning_rate_decay import (
    cosine_decay,
    exponential_decay,
    inverse_time_decay,
    natural_exp_decay,
    piecewise_constant,
    piecewise_constant_decay,
    polynomial_decay,
)
from tinytf.train.moving_averages import ExponentialMovingAverage

from tinytf.train.checkpoint_management import (
    checkpoint_exists,
    generate_checkpoint_state_proto,
    get_checkpoint_mtimes,
    get_checkpoint_state,
    latest_checkpoint,
    remove_checkpoint,
    update_checkpoint_state,
)
from tinytf.train.checkpoint_utils import (
    CheckpointReader,
    NewCheckpointReader,
    list_variables,
    load_checkpoint,
    load_variable,
)
from tinytf.train.checkpoint_format.checkpoint_state import CheckpointState
from tinytf.train.saver import Saver, SaverDef, export_meta_graph, import_meta_graph
from tinytf.train.graph_io import write_graph

from tinytf.summary.writer import FileWriter as SummaryWriter

__getattr__ = _unsupported_hook("tf.train", globals())
