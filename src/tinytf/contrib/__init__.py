"""`tf.contrib`: the parts of TF 1.x's contrib that course programs commonly used."""

from tinytf.contrib import layers

__all__ = ["layers"]
