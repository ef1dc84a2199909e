"""The gradient catalogue: one Case per differentiable op type, checked numerically.

Each module below lists the cases for one ops module; test_gradient_catalogue.py runs
them all and fails if a registered differentiable op type has no case.
"""

from tests.ops.catalogue.case import Case
from tests.ops.catalogue import array_cases
from tests.ops.catalogue import control_flow_cases
from tests.ops.catalogue import core_cases
from tests.ops.catalogue import math_cases
from tests.ops.catalogue import nn_cases

CASES: list[Case] = [
    *array_cases.CASES,
    *core_cases.CASES,
    *math_cases.CASES,
    *nn_cases.CASES,
    *control_flow_cases.CASES,
]
