"""`tf.contrib.rnn`: TF 1.x's older home of the cells (those of tf.nn.rnn_cell) and of
static unrolling."""

from tinytf._unsupported import unsupported_hook as _unsupported_hook
from tinytf.rnn import rnn_cell as _rnn_cell
from tinytf.rnn.rnn_cell import (  # noqa: F401 - re-exported: __all__ is rnn_cell.__all__
    BasicLSTMCell,
    BasicRNNCell,
    DeviceWrapper,
    DropoutWrapper,
    GRUCell,
    LSTMCell,
    LSTMStateTuple,
    MultiRNNCell,
    ResidualWrapper,
    RNNCell,
)
from tinytf.rnn.static_rnn import static_bidirectional_rnn, static_rnn

__all__ = [*_rnn_cell.__all__, "static_bidirectional_rnn", "static_rnn"]

__getattr__ = _unsupported_hook("tf.contrib.rnn", globals())
