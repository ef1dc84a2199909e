"""The differential catalogue: every public op of tinytf, with its edge cases."""

from tests.differential.catalogue import array_cases, math_cases, nn_cases, state_cases
from tests.differential.catalogue import conv_cases
from tests.differential.catalogue.case import OpCase
from tests.differential.catalogue import linalg_cases

CASES: list[OpCase] = [*math_cases.CASES, *array_cases.CASES, *nn_cases.CASES, *state_cases.CASES]
CASES += linalg_cases.CASES
CASES += conv_cases.CASES
