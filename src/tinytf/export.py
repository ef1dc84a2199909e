"""NumPy-only inference: a trained dense network as weights (.npz) and a readable forward function.

    from tinytf import export
    exported = export.export_numpy(session, x, logits, "model/")
    forward = export.load_forward(exported)      # or: import model_forward, no tinytf needed
    predictions = forward(images).argmax(axis=1)

Works with tinytf and TensorFlow sessions: it reads the graph's op types and fetches
the weights through the session, nothing else.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

import numpy as np

_ACTIVATIONS = {
    "Relu": ("relu", "return np.maximum(x, 0)"),
    "Sigmoid": ("sigmoid", "return 0.5 * (1.0 + np.tanh(0.5 * x))  # no overflow in exp"),
    "Tanh": ("tanh", "return np.tanh(x)"),
    "Elu": ("elu", "return np.where(x > 0, x, np.expm1(np.minimum(x, 0)))"),
    "Softmax": (
        "softmax",
        "shifted = np.exp(x - x.max(axis=-1, keepdims=True))\n"
        "    return shifted / shifted.sum(axis=-1, keepdims=True)",
    ),
}
_ADDS = ("BiasAdd", "Add", "AddV2")
_PASS_THROUGH = ("Identity",)


@dataclass(frozen=True)
class ExportedModel:
    weights_path: Path
    code_path: Path


def export_numpy(session, inputs, outputs, directory, name: str = "model") -> ExportedModel:
    """Writes `<name>_weights.npz` and `<name>_forward.py` computing `outputs` from `inputs`.

    The path from `inputs` to `outputs` must be dense layers: MatMul, a bias add
    (BiasAdd/Add) and relu, sigmoid, tanh, elu or softmax; anything else raises ValueError
    naming the op. The .npz holds plain arrays (loadable with allow_pickle=False).
    """
    steps = _trace(inputs, outputs)
    tensors = [step[1] for step in steps if step[0] in ("matmul", "add")]
    values = iter(session.run(tensors))
    weights, lines, expression, layer = {}, [], "x", 0
    for kind, argument in steps:
        if kind == "matmul":
            if expression != "x":
                lines.append(f"x = {expression}")
            layer += 1
            key = f"layer{layer}_kernel"
            expression = f'x @ weights["{key}"]'
        elif kind == "add":
            key = f"layer{layer}_bias"
            expression = f'{expression} + weights["{key}"]'
        else:
            expression = f"{argument}({expression})"
            continue
        weights[key] = np.asarray(next(values))
    lines.append(f"x = {expression}")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    weights_path = directory / f"{name}_weights.npz"
    np.savez(weights_path, **weights)
    code_path = directory / f"{name}_forward.py"
    used = [
        op_type
        for op_type, (function, _) in _ACTIVATIONS.items()
        if any(step == ("activation", function) for step in steps)
    ]
    code_path.write_text(_source(name, weights_path.name, inputs, outputs, used, lines))
    return ExportedModel(weights_path, code_path)


def load_forward(exported: ExportedModel):
    """Imports the written module and returns `forward(x)` bound to the saved weights."""
    spec = importlib.util.spec_from_file_location(exported.code_path.stem, exported.code_path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    weights = module.load_weights(exported.weights_path)
    return lambda x: module.forward(weights, x)


def _trace(inputs, outputs) -> list:
    """The steps from `inputs` to `outputs`: ("matmul", W), ("add", b), ("activation", name)."""
    steps, tensor = [], outputs
    while tensor.name != inputs.name:
        op = tensor.op
        if op.type == "MatMul" and not any(
            op.get_attr(flag) for flag in ("transpose_a", "transpose_b")
        ):
            steps.append(("matmul", op.inputs[1]))
            tensor = op.inputs[0]
        elif op.type in _ADDS:
            data, bias = sorted(op.inputs, key=lambda value: not _depends_on(value, inputs))
            if _depends_on(bias, inputs):
                raise ValueError(
                    f"export_numpy: {op.name} adds two computed values; only a "
                    f"bias (a variable or constant) can be added"
                )
            steps.append(("add", bias))
            tensor = data
        elif op.type in _ACTIVATIONS:
            steps.append(("activation", _ACTIVATIONS[op.type][0]))
            tensor = op.inputs[0]
        elif op.type in _PASS_THROUGH:
            tensor = op.inputs[0]
        else:
            raise ValueError(
                f"export_numpy supports dense layers (MatMul, BiasAdd, relu, "
                f"sigmoid, tanh, elu, softmax); {op.name} is a {op.type} op"
            )
    return steps[::-1]


def _depends_on(tensor, inputs) -> bool:
    seen, stack = set(), [tensor.op]
    while stack:
        op = stack.pop()
        if op is inputs.op:
            return True
        if op not in seen:
            seen.add(op)
            stack.extend(value.op for value in op.inputs)
    return False


def _source(name, weights_file, inputs, outputs, activations, lines) -> str:
    shape_in, shape_out = inputs.shape.as_list(), outputs.shape.as_list()
    functions = "".join(
        f"\n\ndef {_ACTIVATIONS[op_type][0]}(x):\n    {_ACTIVATIONS[op_type][1]}\n"
        for op_type in activations
    )
    body = "\n".join("    " + line for line in lines)
    return f'''"""NumPy forward pass of "{name}", written by tinytf.export: needs only NumPy.

    from {name}_forward import forward, load_weights
    weights = load_weights("{weights_file}")
    outputs = forward(weights, inputs)  # inputs {shape_in} -> outputs {shape_out}
"""

import numpy as np
{functions}

def load_weights(path):
    with np.load(path, allow_pickle=False) as archive:
        return {{key: archive[key] for key in archive.files}}


def forward(weights, x):
    x = np.asarray(x, dtype=np.float32)
{body}
    return x
'''
