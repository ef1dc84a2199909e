"""Side-by-side benchmark of tinytf against hand-written NumPy, PyTorch and TensorFlow.

    TINYTF_DATA=../shared/data python benchmarks/run.py [--repeats 3] [--batches 32,128,512]
        [--engines numpy,tinytf,torch,tensorflow] [--markdown]

Each measurement runs in its own child process (so peak memory is per engine), and the
engines are interleaved within every repetition so that machine noise hits them alike.
Prints medians with min-max, ratios to hand-written NumPy and to PyTorch, the GEMM floor,
import times, peak memory, and whether issue 5's targets are met. Timings on a shared
machine are noisy: compare ratios measured in one run, on a quiet machine (see `load`).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import pathlib
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
MNIST_SIZES = [784, 256, 256, 10]
TINY_SIZES = [4, 16, 16, 3]
LEARNING_RATE = 0.1
TRAIN_COUNT = 60000
# Issue 5: tinytf's time over hand-written NumPy's, at most.
EPOCH_TARGETS = {32: 1.20, 128: 1.10, 512: 1.05}
TINY_TARGET = 1.5
IMPORT_TARGET_S = 0.1


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
    return {
        "train_images": scale(train_x),
        "train_labels": train_y.astype(np.int64),
        "test_images": scale(test_x),
        "test_labels": test_y.astype(np.int64),
    }


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
    if task == "gemm":
        return {"seconds": gemm_floor(batch_size)}
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
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def import_seconds(repeats: int) -> tuple[float, float]:
    """Median seconds of `import numpy` and of `import tinytf` in fresh interpreters,
    interleaved, both from cached bytecode as a user has it (written by an untimed first
    import into a temporary folder, so the checkout stays clean)."""
    code = "import time; t = time.perf_counter(); import {}; print(time.perf_counter() - t)"
    samples: dict = {"numpy": [], "tinytf": []}
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, PYTHONPYCACHEPREFIX=cache)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for index in range(repeats + 1):
            for module in samples:
                seconds = float(
                    subprocess.run(
                        [sys.executable, "-c", code.format(module)],
                        check=True,
                        capture_output=True,
                        text=True,
                        env=env,
                    ).stdout
                )
                if index:
                    samples[module].append(seconds)
    return statistics.median(samples["numpy"]), statistics.median(samples["tinytf"])


def gemm_floor(batch_size: int) -> float:
    """Seconds one epoch's matmuls take at NumPy's achieved rate (forward + backward),
    measured in a child process between the engines' runs, so under the same load."""
    rng = np.random.default_rng(0)
    steps = TRAIN_COUNT // batch_size
    layers = list(zip(MNIST_SIZES[:-1], MNIST_SIZES[1:], strict=True))
    operands = [
        (
            rng.standard_normal((batch_size, fan_in), dtype=np.float32),
            rng.standard_normal((fan_in, fan_out), dtype=np.float32),
            rng.standard_normal((batch_size, fan_out), dtype=np.float32),
        )
        for fan_in, fan_out in layers
    ]
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(20):
            for index, (x, w, g) in enumerate(operands):
                x @ w
                x.T @ g
                if index:  # no gradient flows into the images
                    g @ w.T
        samples.append((time.perf_counter() - start) / 20)
    return statistics.median(samples) * steps


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    if os.path.exists("/proc/cpuinfo"):
        with open("/proc/cpuinfo") as cpuinfo:
            names = [
                line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")
            ]
        cpu = names[0] if names else cpu
    versions = [f"numpy {np.__version__}"]
    for module in ("torch", "tensorflow"):
        if importlib.util.find_spec(module) is not None:
            versions.append(f"{module} {_version_of(module)}")
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, " + ", ".join(
        versions
    )


def _version_of(module: str) -> str:
    from importlib import metadata

    for distribution in (module, f"{module}-cpu"):
        try:
            return metadata.version(distribution)
        except metadata.PackageNotFoundError:
            continue
    return "?"


def summarize(samples: list[float]) -> str:
    return f"{statistics.median(samples):.3f} [{min(samples):.3f}-{max(samples):.3f}]"


def ratio(value: float, reference: dict, key: str) -> str:
    return f"{value / reference[key]:.2f}x" if key in reference else "-"


def table(header: list[str], rows: list[list[str]], markdown: bool) -> str:
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    return "\n".join(
        "  ".join(str(cell).rjust(width) for cell, width in zip(row, widths, strict=True))
        for row in [header, *rows]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batches", default="32,128,512")
    parser.add_argument("--engines", default=",".join(available_engines()))
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = parser.parse_args()
    engines = args.engines.split(",")
    batch_sizes = [int(b) for b in args.batches.split(",")]

    print(f"machine: {machine()}")
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    numpy_import, tinytf_import = import_seconds(5)

    epochs: dict = {}
    floors: dict = {}
    tiny: dict = {}
    for _ in range(args.repeats):
        for batch_size in batch_sizes:
            for engine in engines:
                result = run_child("mnist", engine, batch_size)
                epochs.setdefault((batch_size, engine), []).append(result)
            floors.setdefault(batch_size, []).append(
                run_child("gemm", "numpy", batch_size)["seconds"]
            )
        for engine in engines:
            tiny.setdefault(engine, []).append(run_child("tiny", engine)["us_per_step"])
    print(f"load average at end: {os.getloadavg()[0]:.2f}\n")

    print(
        "MNIST MLP 784-256-256-10, one epoch (60000 images), median [min-max] of "
        f"{args.repeats} runs"
    )
    rows, verdicts = [], []
    for batch_size in batch_sizes:
        medians = {
            e: statistics.median(r["seconds"] for r in epochs[(batch_size, e)]) for e in engines
        }
        for engine in engines:
            runs = epochs[(batch_size, engine)]
            median = medians[engine]
            rows.append(
                [
                    str(batch_size),
                    engine,
                    summarize([r["seconds"] for r in runs]),
                    f"{TRAIN_COUNT / median:.0f}",
                    ratio(median, medians, "numpy"),
                    ratio(median, medians, "torch"),
                    f"{runs[-1]['accuracy']:.4f}",
                    f"{max(r['peak_mib'] for r in runs):.0f}",
                ]
            )
        floor = statistics.median(floors[batch_size])
        rows.append(
            [
                str(batch_size),
                "GEMM floor",
                summarize(floors[batch_size]),
                "",
                ratio(floor, medians, "numpy"),
                ratio(floor, medians, "torch"),
                "",
                "",
            ]
        )
        if "tinytf" in medians and "numpy" in medians:
            verdicts.append(
                (
                    f"epoch at batch {batch_size}: tinytf / NumPy",
                    medians["tinytf"] / medians["numpy"],
                    EPOCH_TARGETS.get(batch_size),
                )
            )
    print(
        table(
            [
                "batch",
                "engine",
                "seconds",
                "samples/s",
                "vs numpy",
                "vs torch",
                "test acc",
                "peak MiB",
            ],
            rows,
            args.markdown,
        )
    )

    medians = {e: statistics.median(v) for e, v in tiny.items()}
    print(
        f"\nTiny step 4-16-16-3, batch 150: microseconds per step, median [min-max] of "
        f"{args.repeats} runs"
    )
    rows = [
        [
            engine,
            summarize(tiny[engine]),
            ratio(medians[engine], medians, "numpy"),
            ratio(medians[engine], medians, "torch"),
        ]
        for engine in engines
    ]
    print(table(["engine", "us/step", "vs numpy", "vs torch"], rows, args.markdown))
    if "tinytf" in medians and "numpy" in medians:
        verdicts.append(
            ("tiny step: tinytf / NumPy", medians["tinytf"] / medians["numpy"], TINY_TARGET)
        )

    print(
        f"\nimport numpy {numpy_import:.3f} s, import tinytf {tinytf_import:.3f} s "
        f"(median of 5, cached bytecode)"
    )
    verdicts.append(
        ("import tinytf - import numpy (s)", tinytf_import - numpy_import, IMPORT_TARGET_S)
    )
    if "torch" in engines and "tinytf" in engines:
        peaks = {
            e: max(r["peak_mib"] for b in batch_sizes for r in epochs[(b, e)])
            for e in ("tinytf", "torch")
        }
        verdicts.append(("peak MiB: tinytf / PyTorch", peaks["tinytf"] / peaks["torch"], 1.0))
    print("\nissue 5 targets:")
    for name, value, target in verdicts:
        if target is not None:
            state = "met" if value <= target else "MISSED"
            print(f"  {name}: {value:.3f} (target <= {target}): {state}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], sys.argv[3], int(sys.argv[4]))))
    else:
        main()
