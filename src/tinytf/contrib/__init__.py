"""`tf.contrib`: the parts of TF 1.x's contrib that course programs commonly used."""

from tinytf._unsupported import unsupported_hook as _unsupported_hook
from tinytf.contrib import eager, framework, layers
from tinytf.contrib import legacy_seq2seq, rnn, seq2seq

__all__ = ["eager", "framework", "layers", "legacy_seq2seq", "rnn", "seq2seq"]

__getattr__ = _unsupported_hook("tf.contrib", globals())
