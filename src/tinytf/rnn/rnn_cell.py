"""`tf.nn.rnn_cell`: the cells, their wrappers and LSTMStateTuple."""

from tinytf._unsupported import unsupported_hook as _unsupported_hook
from tinytf.rnn.cell_base import LSTMStateTuple, RNNCell
from tinytf.rnn.cells import BasicLSTMCell, BasicRNNCell, GRUCell, LSTMCell
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
]

__getattr__ = _unsupported_hook("tf.nn.rnn_cell", globals())
