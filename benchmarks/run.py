"""Side-by-side benchmark of tinytf against hand-written NumPy, PyTorch and TensorFlow.

    python benchmarks/run.py [--repeats 3] [--batches 32,128,512] [--engines ...]

Each measurement runs in its own child process (so peak memory is per engine), and the
engines are interleaved within every repetition so that machine noise hits them alike.
Prints medians with min-max, and ratios to hand-written NumPy and to PyTorch.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import pathlib
import resource
import statistics
import subprocess
import sys
import time

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
MNIST_SIZES = [784, 256, 256, 10]
TINY_SIZES = [4, 16, 16, 3]
LEARNING_RATE = 0.1


def available_engines() -> list[str]:
    found = ["numpy", "tinytf"]
    for engine, module in (("torch", "torch"), ("tensorflow", "tensorflow")):
        if importlib.util.find_spec(module) is not None:
            found.append(engine)
    return found


def load_mnist() -> dict:
    """MNIST as float32 [0, 1] images [N, 784] and int64 labels."""
    from tinytf.datasets import mnist

    (train_x, train_y), (test_x, test_y) = mnist.load_mnist(progress=False)
    scale = lambda images: images.reshape(len(images), -1).astype(np.float32) / 255  # noqa: E731
    return {"train_images": scale(train_x), "train_labels": train_y.astype(np.int64),
            "test_images": scale(test_x), "test_labels": test_y.astype(np.int64)}


def child(task: str, engine: str, batch_size: int) -> dict:
    """Runs one measurement in this process and returns its figures."""
    sys.path.insert(0, str(HERE))
    import engines

    if engine == "torch":
        import torch

        torch.set_num_threads(os.cpu_count() or 1)
    if task == "tiny":
        model = engines.ENGINES[engine](engines.initial_weights(TINY_SIZES), LEARNING_RATE)
        return {"us_per_step": engines.time_tiny_steps(model)}
    data = load_mnist()
    model = engines.ENGINES[engine](engines.initial_weights(MNIST_SIZES), LEARNING_RATE)
    seconds = engines.time_epoch(model, data["train_images"], data["train_labels"], batch_size)
    accuracy = float(np.mean(model.predict(data["test_images"]) == data["test_labels"]))
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "accuracy": accuracy, "peak_mib": peak_kib / 1024}


def run_child(task: str, engine: str, batch_size: int = 0) -> dict:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", TF_USE_LEGACY_KERAS="1")
    output = subprocess.run(
        [sys.executable, __file__, "--child", task, engine, str(batch_size)],
        check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(output.strip().splitlines()[-1])


def import_seconds(module: str, repeats: int) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; " \
           "print(time.perf_counter() - t)"
    samples = [float(subprocess.run([sys.executable, "-c", code], check=True,
                                    capture_output=True, text=True).stdout)
               for _ in range(repeats)]
    return statistics.median(samples)


def gemm_floor(batch_size: int, train_count: int) -> float:
    """Seconds one epoch's matmuls take at NumPy's achieved rate (forward + backward)."""
    rng = np.random.default_rng(0)
    steps = train_count // batch_size
    start = time.perf_counter()
    for _ in range(3):
        for fan_in, fan_out in zip(MNIST_SIZES[:-1], MNIST_SIZES[1:]):
            x = rng.standard_normal((batch_size, fan_in), dtype=np.float32)
            w = rng.standard_normal((fan_in, fan_out), dtype=np.float32)
            g = rng.standard_normal((batch_size, fan_out), dtype=np.float32)
            for _ in range(20):
                x @ w
                x.T @ g
                if fan_in != MNIST_SIZES[0]:
                    g @ w.T
    per_step = (time.perf_counter() - start) / 60
    return per_step * steps


def summarize(samples: list[float]) -> str:
    return f"{statistics.median(samples):8.3f} [{min(samples):.3f}-{max(samples):.3f}]"


def ratio_text(value: float, reference: dict, key: str) -> str:
    return f"{value / reference[key]:5.2f}x" if key in reference else "    -"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batches", default="32,128,512")
    parser.add_argument("--engines", default=",".join(available_engines()))
    args = parser.parse_args()
    engines = args.engines.split(",")
    batch_sizes = [int(b) for b in args.batches.split(",")]

    print(f"machine: {os.cpu_count()} cores, {sys.platform}, numpy {np.__version__}")
    numpy_import, tinytf_import = import_seconds("numpy", 5), import_seconds("tinytf", 5)
    print(f"import numpy {numpy_import:.3f} s, import tinytf {tinytf_import:.3f} s "
          f"(+{tinytf_import - numpy_import:.3f} s; target <= +0.100 s)\n")

    epochs: dict = {}
    for _ in range(args.repeats):
        for batch_size in batch_sizes:
            for engine in engines:
                result = run_child("mnist", engine, batch_size)
                epochs.setdefault((batch_size, engine), []).append(result)
    train_count = 60000
    print("MNIST MLP 784-256-256-10, one epoch (s): median [min-max]")
    print(f"{'batch':>5} {'engine':>10} {'seconds':>22} {'samples/s':>10} {'vs numpy':>8} "
          f"{'vs torch':>8} {'test acc':>8} {'peak MiB':>8}")
    for batch_size in batch_sizes:
        medians = {e: statistics.median(r["seconds"] for r in epochs[(batch_size, e)])
                   for e in engines}
        for engine in engines:
            runs = epochs[(batch_size, engine)]
            seconds = [r["seconds"] for r in runs]
            median = medians[engine]
            print(f"{batch_size:>5} {engine:>10} {summarize(seconds):>22} "
                  f"{train_count / median:10.0f} {ratio_text(median, medians, 'numpy'):>8} "
                  f"{ratio_text(median, medians, 'torch'):>8} {runs[-1]['accuracy']:8.4f} "
                  f"{max(r['peak_mib'] for r in runs):8.0f}")
        floor = gemm_floor(batch_size, train_count)
        print(f"{batch_size:>5} {'GEMM floor':>10} {floor:8.3f}{'':>14} "
              f"{'':>10} {ratio_text(floor, medians, 'numpy'):>8}\n")

    tiny: dict = {}
    for _ in range(args.repeats):
        for engine in engines:
            tiny.setdefault(engine, []).append(run_child("tiny", engine)["us_per_step"])
    medians = {e: statistics.median(v) for e, v in tiny.items()}
    print("Tiny step 4-16-16-3, batch 150 (us/step): median [min-max]")
    for engine in engines:
        print(f"{engine:>10} {summarize(tiny[engine]):>26} "
              f"{ratio_text(medians[engine], medians, 'numpy'):>8} "
              f"{ratio_text(medians[engine], medians, 'torch'):>8}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], sys.argv[3], int(sys.argv[4]))))
    else:
        main()
