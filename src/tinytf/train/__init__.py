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

from tinytf.train import queue_runner
from tinytf.train.coordinator import Coordinator
from tinytf.train.queue_runner import QueueRunner, add_queue_runner, start_queue_runners
from tinytf.train.input import (
    batch,
    batch_join,
    input_producer,
    limit_epochs,
    range_input_producer,
    shuffle_batch,
    shuffle_batch_join,
    slice_input_producer,
    string_input_producer,
)
from tinytf.io.example_proto import BytesList, Example, Feature, Features, FloatList, Int64List

__getattr__ = _unsupported_hook("tf.train", globals())
