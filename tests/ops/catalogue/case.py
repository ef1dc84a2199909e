"""A catalogue entry: how to build one op type from float64 inputs, and where they live."""

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np


@dataclass
class Case:
    """`build(*tensors)` makes the op under test from placeholders of `shapes`.

    Inputs are drawn uniformly from `domain` (shift it into the op's valid region, e.g.
    (0.5, 2.0) for log). `second_order` also checks the gradient of the gradient.
    `constant_inputs` are fixed arrays passed after the placeholders (not differentiated).
    `label` names a second case of the same op type.
    """

    op_type: str
    build: Callable
    shapes: list
    domain: tuple = (-2.0, 2.0)
    second_order: bool = False
    constant_inputs: list = field(default_factory=list)
    label: str = ""
    eps: float = 1e-6  # the central-difference step; larger for ops that round
    rtol: float = 1e-5

    @property
    def id(self) -> str:
        return self.label or self.op_type

    def draw(self, rng: np.random.Generator) -> list:
        low, high = self.domain
        return [rng.uniform(low, high, size=shape) for shape in self.shapes]
