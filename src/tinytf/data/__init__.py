"""`tf.data`: Dataset pipelines and the iterators that feed their elements to a graph."""

from tinytf._unsupported import unsupported_hook as _unsupported_hook
from tinytf.data.dataset_ops import Dataset, DatasetV1
from tinytf.data.iterator_ops import (
    Iterator,
    get_output_classes,
    get_output_shapes,
    get_output_types,
    make_initializable_iterator,
    make_one_shot_iterator,
)
from tinytf.data.structure import TensorSpec

__all__ = [
    "Dataset",
    "DatasetV1",
    "Iterator",
    "TensorSpec",
    "get_output_classes",
    "get_output_shapes",
    "get_output_types",
    "make_initializable_iterator",
    "make_one_shot_iterator",
]

__getattr__ = _unsupported_hook("tf.data", globals())
