"""`tf.contrib.rnn`: TF 1.x's older home of the cells and of static unrolling."""

from tinytf._unsupported import unsupported_hook as _unsupported_hook
from tinytf.rnn.cell_base import LSTMStateTuple, RNNCell
from tinytf.rnn.cells import BasicLSTMCell, BasicRNNCell, GRUCell, LSTMCell
from tinytf.rnn.static_rnn import static_bidirectional_rnn, static_rnn
from tinytf.rnn.wrappers import DeviceWrapper, DropoutWrapper, MultiRNNCell, ResidualWrapper

__all__ = [
    "BasicLSTMCell",
    "BasicRNNCell",
    "DeviceWrapper",
    "DropoutWrapper",
    "GRUCell",
    "LSTMCell",
    "LSTMStateTuple",
    "MultiRNNCell",
    "RNNCell",
    "ResidualWrapper",
    "static_bidirectional_rnn",
    "static_rnn",
]

__getattr__ = _unsupported_hook("tf.contrib.rnn", globals())
