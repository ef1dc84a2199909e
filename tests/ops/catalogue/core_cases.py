"""Catalogue cases for the core ops (the math ops' cases are in math_cases.py)."""

import tinytf as tf
from tests.ops.catalogue.case import Case

CASES = [
    Case("PlaceholderWithDefault", lambda x: tf.placeholder_with_default(x, [3]) * 1.0, [(3,)]),
]
