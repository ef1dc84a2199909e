"""Side-by-side benchmark of tinytf against hand-written NumPy, PyTorch and TensorFlow.

    TINYTF_DATA=../shared/data python benchmarks/run.py [--repeats 3] [--batches 32,128,512]
        [--engines numpy,tinytf,torch,tensorflow] [--optimizers sgd,adam]
        [--loads quiet,busy] [--markdown]

Each measurement runs in its own child process (so peak memory is per engine), and the
engines, loads and optimizers are interleaved within every repetition so that machine noise
hits them alike. "busy" runs a measurement while one other process keeps a core busy (a
spinning Python process that the benchmark starts before the measurement and stops after
it), as on a learner's laptop where something else is running. Prints medians with
min-max, ratios to hand-written NumPy, PyTorch and TensorFlow, the GEMM floor, import
times, peak memory, and whether issue 12's targets are met. Timings on a shared machine are
noisy: compare ratios measured in one run (see `load average`).
"""

from __future__ import annotations

import argparse
import contextlib
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
TRAIN_COUNT = 60000
# Issue 12: tinytf's epoch over the matrix products alone, at most, per batch size.
FLOOR_TARGETS = {32: 1.35, 128: 1.15, 512: 1.15}
TINY_TARGET = 1.0
IMPORT_TARGET_S = 0.1
PEERS = ("torch", "tensorflow")


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


def child(task: str, engine: str, batch_size: int, optimizer: str) -> dict:
    """Runs one measurement in this process and returns its figures."""
    sys.path.insert(0, str(HERE))
    import engines

    if engine == "torch":
        import torch

        torch.set_num_threads(os.cpu_count() or 1)
    if task == "tiny":
        model = engines.ENGINES[engine](engines.initial_weights(TINY_SIZES), optimizer)
        return {"us_per_step": engines.time_tiny_steps(model)}
    if task == "gemm":
        return {"seconds": gemm_floor(batch_size)}
    data = load_mnist()
    model = engines.ENGINES[engine](engines.initial_weights(MNIST_SIZES), optimizer)
    seconds = engines.time_epoch(model, data["train_images"], data["train_labels"], batch_size)
    accuracy = float(np.mean(model.predict(data["test_images"]) == data["test_labels"]))
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "accuracy": accuracy, "peak_mib": peak_kib / 1024}


def run_child(task: str, engine: str, load: str, batch_size: int = 0, optimizer="sgd") -> dict:
    """One measurement in a fresh process, under the `load` ("quiet" or "busy")."""
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", TF_USE_LEGACY_KERAS="1")
    command = [sys.executable, __file__, "--child", task, engine, str(batch_size), optimizer]
    with competing_load(load):
        output = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(output.strip().splitlines()[-1])


@contextlib.contextmanager
def competing_load(load: str):
    """For "busy", one other process spinning on a core while the block runs."""
    if load == "quiet":
        yield
        return
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(0.2)  # let it take its core before the measurement starts
        yield
    finally:
        spinner.kill()
        spinner.wait()


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
    measured in a child process between the engines' runs, so under the same load; with
    BLAS on one thread and on every core, whichever is faster, since a busy core can make
    the threaded products slower than one thread."""
    from threadpoolctl import threadpool_limits

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
    for threads in (1, os.cpu_count() or 1):
        with threadpool_limits(threads, user_api="blas"):
            for _ in range(5):
                start = time.perf_counter()
                for _ in range(20):
                    for index, (x, w, g) in enumerate(operands):
                        x @ w
                        x.T @ g
                        if index:  # no gradient flows into the images
                            g @ w.T
                samples.append((time.perf_counter() - start) / 20)
    return min(samples) * steps


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
    parser.add_argument("--optimizers", default="sgd,adam")
    parser.add_argument("--loads", default="quiet,busy")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = parser.parse_args()
    engines = args.engines.split(",")
    batch_sizes = [int(b) for b in args.batches.split(",")]
    optimizers = args.optimizers.split(",")
    loads = args.loads.split(",")

    print(f"machine: {machine()}")
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    numpy_import, tinytf_import = import_seconds(5)

    epochs: dict = {}
    floors: dict = {}
    tiny: dict = {}
    for _ in range(args.repeats):
        for load in loads:
            for optimizer in optimizers:
                for batch_size in batch_sizes:
                    for engine in engines:
                        result = run_child("mnist", engine, load, batch_size, optimizer)
                        epochs.setdefault((load, optimizer, batch_size, engine), []).append(result)
            for batch_size in batch_sizes:
                floor = run_child("gemm", "numpy", load, batch_size)["seconds"]
                floors.setdefault((load, batch_size), []).append(floor)
            for engine in engines:
                result = run_child("tiny", engine, load)
                tiny.setdefault((load, engine), []).append(result["us_per_step"])
    print(f"load average at end: {os.getloadavg()[0]:.2f}\n")

    verdicts = epoch_table(epochs, floors, args, engines, batch_sizes, optimizers, loads)
    verdicts += tiny_table(tiny, args, engines, loads)
    print(
        f"\nimport numpy {numpy_import:.3f} s, import tinytf {tinytf_import:.3f} s "
        f"(median of 5, cached bytecode)"
    )
    verdicts.append(
        ("import tinytf - import numpy (s)", tinytf_import - numpy_import, IMPORT_TARGET_S)
    )
    print("\nissue 12 targets:")
    for name, value, target in verdicts:
        state = "met" if value <= target else "MISSED"
        print(f"  {name}: {value:.3f} (target <= {target}): {state}")


def epoch_table(epochs, floors, args, engines, batch_sizes, optimizers, loads) -> list:
    """Prints the MNIST epoch table; returns the verdicts on issue 12's epoch targets."""
    print(
        "MNIST MLP 784-256-256-10, one epoch (60000 images), median [min-max] of "
        f"{args.repeats} runs; busy: one other process keeps a core busy"
    )
    rows, verdicts = [], []
    for load in loads:
        for optimizer in optimizers:
            for batch_size in batch_sizes:
                key = (load, optimizer, batch_size)
                runs = {e: epochs[(*key, e)] for e in engines}
                medians = {e: statistics.median(r["seconds"] for r in runs[e]) for e in engines}
                for engine in engines:
                    rows.append(
                        [load, optimizer, str(batch_size), engine]
                        + figures(runs[engine], medians[engine], medians)
                    )
                floor = statistics.median(floors[(load, batch_size)])
                rows.append(
                    [
                        load,
                        optimizer,
                        str(batch_size),
                        "GEMM floor",
                        summarize(floors[(load, batch_size)]),
                        "",
                    ]
                    + [ratio(floor, medians, e) for e in ("numpy", *PEERS)]
                    + ["", ""]
                )
                verdicts += epoch_verdicts(load, optimizer, batch_size, medians, floor)
    header = ["load", "optimizer", "batch", "engine", "seconds", "samples/s"]
    header += ["vs numpy", "vs torch", "vs tensorflow", "test acc", "peak MiB"]
    print(table(header, rows, args.markdown))
    return verdicts


def figures(runs: list, median: float, medians: dict) -> list[str]:
    return [
        summarize([r["seconds"] for r in runs]),
        f"{TRAIN_COUNT / median:.0f}",
        *(ratio(median, medians, e) for e in ("numpy", *PEERS)),
        f"{runs[-1]['accuracy']:.4f}",
        f"{max(r['peak_mib'] for r in runs):.0f}",
    ]


def epoch_verdicts(load, optimizer, batch_size, medians: dict, floor: float) -> list:
    if "tinytf" not in medians:
        return []
    label = f"{load} {optimizer} batch {batch_size}"
    verdicts = [
        (f"{label}: tinytf / {peer}", medians["tinytf"] / medians[peer], 1.0)
        for peer in PEERS
        if peer in medians
    ]
    if load == "quiet":
        verdicts.append(
            (f"{label}: tinytf / GEMM floor", medians["tinytf"] / floor, FLOOR_TARGETS[batch_size])
        )
    return verdicts


def tiny_table(tiny: dict, args, engines, loads) -> list:
    """Prints the tiny-step table; returns the verdicts on issue 12's tiny-step targets."""
    print(
        f"\nTiny step 4-16-16-3, batch 150, SGD: microseconds per step, median [min-max] of "
        f"{args.repeats} runs"
    )
    rows, verdicts = [], []
    for load in loads:
        medians = {e: statistics.median(tiny[(load, e)]) for e in engines}
        rows += [
            [load, engine, summarize(tiny[(load, engine)])]
            + [ratio(medians[engine], medians, e) for e in ("numpy", *PEERS)]
            for engine in engines
        ]
        if "tinytf" in medians:
            verdicts += [
                (f"{load} tiny step: tinytf / {peer}", medians["tinytf"] / medians[peer], 1.0)
                for peer in PEERS
                if peer in medians
            ]
            if load == "quiet" and "numpy" in medians:
                verdicts.append(
                    (
                        "quiet tiny step: tinytf / NumPy",
                        medians["tinytf"] / medians["numpy"],
                        TINY_TARGET,
                    )
                )
    header = ["load", "engine", "us/step", "vs numpy", "vs torch", "vs tensorflow"]
    print(table(header, rows, args.markdown))
    return verdicts


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])))
    else:
        main()
