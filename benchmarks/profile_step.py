"""Where a training step's time goes: tinytf's plan line by line, next to hand-written NumPy.

    python benchmarks/profile_step.py [--batch 128] [--steps 20] [--rounds 12] [--tiny]
                                      [--optimizer sgd|adam]

Runs the benchmark's MNIST MLP step (or the tiny 4-16-16-3 step) on random data, in
rounds that alternate between tinytf and the NumPy reference, and prints the microseconds
of each line of tinytf's plan (its `plan.source`, with a clock read between lines) and of
each part of the NumPy step (with Adam, the NumPy step as a whole). Lines under half a
microsecond are left out. Then tinytf's lines summed by kind: matrix products, optimizer
updates, other kernels, and the plan's own bookkeeping.
"""

from __future__ import annotations

import argparse
import collections
import pathlib
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import engines  # noqa: E402 - a sibling module, found through the path set above


def timed_plan(plan) -> tuple:
    """The plan's function rewritten to add each line's time to a counter, and the lines."""
    lines = plan.source.splitlines()
    timed, labels = [lines[0], "    _before = _clock()"], []
    for line in lines[1:]:
        timed.append(line)
        if line.strip().startswith("return"):
            continue
        labels.append(line.strip())
        timed.append(
            f"    _now = _clock(); _spent[{len(labels) - 1}] += _now - _before; _before = _now"
        )
    spent = collections.Counter()
    namespace = dict(plan._function.__globals__, _clock=time.perf_counter, _spent=spent)
    exec(compile("\n".join(timed) + "\n", "<timed plan>", "exec"), namespace)
    return namespace["run"], labels, spent


def line_kind(label: str) -> str:
    """What a plan line spends its time on, from the op type its comment names."""
    if " = k" not in label and not label.startswith("_, "):
        return "plan bookkeeping (reads, constants, del)"
    op_type = label.split("  # ", 1)[1].strip("'").split()[0].strip("'")
    if op_type.startswith("MatMul"):
        return "matrix products (fused bias and Relu included)"
    if op_type.startswith("Apply"):
        return "optimizer updates"
    return "other kernels (loss, gradients of bias and Relu, shape functions)"


def numpy_step(model: engines.NumpyMLP, x, labels, spent: collections.Counter) -> None:
    """engines.NumpyMLP.step, with the time of each part added to `spent`."""
    clock = time.perf_counter
    params, before = model.params, clock()

    def lap(name: str) -> None:
        nonlocal before
        now = clock()
        spent[name] += now - before
        before = now

    activations = [x]
    for i in range(0, len(params) - 2, 2):
        h = activations[-1] @ params[i]
        lap(f"h{i // 2} = x @ W{i // 2}")
        h += params[i + 1]
        np.maximum(h, 0, out=h)
        activations.append(h)
        lap(f"h{i // 2} += b; relu")
    logits = activations[-1] @ params[-2]
    logits += params[-1]
    lap("logits = h @ W + b")
    logits -= logits.max(axis=1, keepdims=True)
    np.exp(logits, out=logits)
    logits /= logits.sum(axis=1, keepdims=True)
    grad = logits
    grad[np.arange(len(labels)), labels] -= 1
    grad /= len(labels)
    lap("softmax cross-entropy gradient")
    for i in range(len(params) - 2, -1, -2):
        below = activations[i // 2]
        grad_w = below.T @ grad
        lap(f"grad W{i // 2} = h.T @ grad")
        grad_b = grad.sum(axis=0)
        lap(f"grad b{i // 2} = sum(grad)")
        if i:
            grad = grad @ params[i].T
            lap(f"grad h{i // 2 - 1} = grad @ W{i // 2}.T")
            grad *= below > 0
            lap(f"grad h{i // 2 - 1} *= relu'")
        params[i] -= model.learning_rate * grad_w
        params[i + 1] -= model.learning_rate * grad_b
        lap(f"update W{i // 2}, b{i // 2}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--steps", type=int, default=20, help="steps per round")
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--tiny", action="store_true", help="the 4-16-16-3 model")
    parser.add_argument("--optimizer", choices=["sgd", "adam"], default="sgd")
    args = parser.parse_args()
    sizes = [4, 16, 16, 3] if args.tiny else [784, 256, 256, 10]
    rng = np.random.default_rng(0)
    batches = [
        (
            rng.random((args.batch, sizes[0]), dtype=np.float32),
            rng.integers(0, sizes[-1], args.batch),
        )
        for _ in range(args.steps)
    ]

    graph_model = engines.tinytf_mlp(engines.initial_weights(sizes), args.optimizer)
    numpy_model = engines.NumpyMLP(engines.initial_weights(sizes), args.optimizer)
    graph_model.step(*batches[0])
    (plan,) = [
        plan for plan in graph_model.session._plans.values() if graph_model.train in plan.fetches
    ]
    run, labels, plan_spent = timed_plan(plan)
    numpy_spent: collections.Counter = collections.Counter()
    totals: dict = {"tinytf plan": [], "NumPy": []}
    for _ in range(args.rounds):
        start = time.perf_counter()
        with np.errstate(all="ignore"):
            for x, y in batches:
                run([x, y])
        totals["tinytf plan"].append(time.perf_counter() - start)
        start = time.perf_counter()
        for x, y in batches:
            if args.optimizer == "sgd":
                numpy_step(numpy_model, x, y, numpy_spent)
            else:
                numpy_model.step(x, y)
        totals["NumPy"].append(time.perf_counter() - start)

    count = args.rounds * args.steps
    print(f"{'x'.join(map(str, sizes))} MLP, batch {args.batch}: microseconds per step")
    for name, samples in totals.items():
        print(f"  {name}: median {statistics.median(samples) / args.steps * 1e6:.0f}")
    print("\ntinytf, per line of the plan:")
    for index, label in enumerate(labels):
        if plan_spent[index] / count * 1e6 >= 0.5:
            print(f"{plan_spent[index] / count * 1e6:9.1f}  {label[:110]}")
    print("\ntinytf, by kind of line:")
    kinds: collections.Counter = collections.Counter()
    for index, label in enumerate(labels):
        kinds[line_kind(label)] += plan_spent[index] / count * 1e6
    total = sum(kinds.values())
    for kind, micros in kinds.most_common():
        print(f"{micros:9.1f}  {micros / total:6.1%}  {kind}")
    print("\nNumPy, per part of the step:")
    for name, seconds in numpy_spent.items():
        print(f"{seconds / count * 1e6:9.1f}  {name}")


if __name__ == "__main__":
    main()
