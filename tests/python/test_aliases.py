"""`tinytf.python`: TensorFlow's internal module paths give tinytf's own functions."""

import importlib
import subprocess
import sys
import types

import pytest

import tinytf as tf
from tests.python.programs import INTERNAL_MODULES, for_tinytf
from tinytf._unsupported import UnsupportedError

MODULES = {
    "framework": [
        "ops",
        "dtypes",
        "tensor_shape",
        "tensor_util",
        "graph_util",
        "constant_op",
        "errors",
        "random_seed",
    ],
    "ops": [
        "array_ops",
        "math_ops",
        "nn",
        "nn_ops",
        "random_ops",
        "init_ops",
        "variables",
        "variable_scope",
        "state_ops",
        "control_flow_ops",
        "gradients",
        "clip_ops",
        "embedding_ops",
    ],
    "training": ["training", "moving_averages", "saver", "optimizer", "gradient_descent", "adam"],
    "platform": ["gfile", "tf_logging"],
    "client": ["session", "device_lib"],
    "layers": ["core", "utils"],
}
ALL = [f"tinytf.python.{package}.{name}" for package, names in MODULES.items() for name in names]


def internal(path: str):
    return importlib.import_module(f"tinytf.python.{path}")


@pytest.mark.parametrize("module", ALL)
def test_every_module_imports_and_lists_tinytf_functions(module):
    imported = importlib.import_module(module)
    names = dir(imported)
    assert "np" not in names and "annotations" not in names
    for name in names[:20]:
        assert getattr(imported, name) is not None or name == "newaxis"


def test_framework_ops_carries_what_programs_use():
    ops = internal("framework.ops")
    for name in [
        "reset_default_graph",
        "get_default_graph",
        "Graph",
        "Tensor",
        "Operation",
        "convert_to_tensor",
        "name_scope",
        "control_dependencies",
        "GraphKeys",
        "add_to_collection",
        "get_collection",
        "RegisterGradient",
        "NotDifferentiable",
        "get_default_session",
    ]:
        assert getattr(ops, name) is getattr(tf, name), name


@pytest.mark.parametrize(
    "path, name, public",
    [
        ("framework.dtypes", "float32", tf.float32),
        ("framework.errors", "OutOfRangeError", tf.errors.OutOfRangeError),
        ("framework.errors", "OUT_OF_RANGE", tf.errors.OUT_OF_RANGE),
        ("framework.tensor_shape", "TensorShape", tf.TensorShape),
        ("framework.constant_op", "constant", tf.constant),
        ("framework.random_seed", "set_random_seed", tf.set_random_seed),
        ("ops.array_ops", "placeholder", tf.placeholder),
        ("ops.array_ops", "reshape", tf.reshape),
        ("ops.math_ops", "reduce_sum", tf.reduce_sum),
        ("ops.nn_ops", "relu", tf.nn.relu),
        ("ops.nn", "softmax", tf.nn.softmax),
        ("ops.embedding_ops", "embedding_lookup", tf.nn.embedding_lookup),
        ("ops.init_ops", "glorot_uniform_initializer", tf.glorot_uniform_initializer),
        ("ops.variable_scope", "get_variable", tf.get_variable),
        ("ops.control_flow_ops", "group", tf.group),
        ("ops.gradients", "gradients", tf.gradients),
        ("training.training", "AdamOptimizer", tf.train.AdamOptimizer),
        ("training.moving_averages", "ExponentialMovingAverage", tf.train.ExponentialMovingAverage),
        ("training.saver", "Saver", tf.train.Saver),
        ("training.optimizer", "Optimizer", tf.train.Optimizer),
        (
            "training.gradient_descent",
            "GradientDescentOptimizer",
            tf.train.GradientDescentOptimizer,
        ),
        ("training.adam", "AdamOptimizer", tf.train.AdamOptimizer),
        ("platform.gfile", "GFile", tf.gfile.GFile),
        ("platform.tf_logging", "set_verbosity", tf.logging.set_verbosity),
        ("client.session", "Session", tf.Session),
        ("layers.core", "Dense", tf.layers.Dense),
    ],
)
def test_names_are_tinytf_objects_not_copies(path, name, public):
    assert getattr(internal(path), name) is public


def test_internal_helpers_of_a_module_resolve_too():
    assert internal("framework.tensor_util").constant_value(tf.constant(3)) == 3
    assert internal("framework.tensor_shape").as_shape([2, None]).as_list() == [2, None]
    assert internal("ops.init_ops").Zeros is not None


def test_a_missing_name_raises_the_same_error_as_the_public_namespace():
    with pytest.raises(UnsupportedError) as public:
        tf.nn.nce_loss  # noqa: B018
    with pytest.raises(UnsupportedError) as aliased:
        internal("ops.nn_ops").nce_loss  # noqa: B018
    assert str(aliased.value) == str(public.value)
    with pytest.raises(UnsupportedError, match="did you mean tf.reshape"):
        internal("ops.array_ops").reshap  # noqa: B018


def test_a_private_name_is_a_plain_attribute_error_naming_the_module():
    with pytest.raises(AttributeError, match="'tinytf.python.framework.ops' has no attribute '_x'"):
        internal("framework.ops")._x  # noqa: B018


def test_names_imported_for_the_work_are_not_part_of_a_module():
    with pytest.raises(UnsupportedError):
        internal("framework.tensor_util").np  # noqa: B018


def test_a_source_module_added_later_is_picked_up(monkeypatch):
    graph_util = internal("framework.graph_util")
    before = "convert_variables_to_constants" in dir(graph_util)
    fake = types.ModuleType("tinytf.framework.graph_util")

    def extract_sub_graph(graph_def, dest_nodes):
        return graph_def

    extract_sub_graph.__module__ = fake.__name__
    fake.extract_sub_graph = extract_sub_graph
    monkeypatch.setitem(sys.modules, fake.__name__, fake)
    assert graph_util.extract_sub_graph is extract_sub_graph
    assert "extract_sub_graph" in dir(graph_util)
    monkeypatch.delitem(sys.modules, fake.__name__)
    if not before:
        with pytest.raises(UnsupportedError, match="tf.graph_util.extract_sub_graph"):
            graph_util.extract_sub_graph  # noqa: B018


def test_device_lib_lists_the_cpu():
    devices = internal("client.device_lib").list_local_devices()
    assert [(d.name, d.device_type) for d in devices] == [("/device:CPU:0", "CPU")]
    assert 'device_type: "CPU"' in str(devices[0])


def test_the_import_rule_rewrites_import_lines_only():
    source = (
        "from tensorflow.python.framework import ops\nimport tensorflow as tf\nx = 'tensorflow'\n"
    )
    assert for_tinytf(source) == (
        "from tinytf.python.framework import ops\nimport tinytf as tf\nx = 'tensorflow'\n"
    )


def test_a_program_importing_internal_modules_runs(tmp_path):
    program = tmp_path / "program.py"
    program.write_text(for_tinytf(INTERNAL_MODULES))
    done = subprocess.run(
        [sys.executable, str(program)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "counter 1 2" in done.stdout
    assert "feed y first" in done.stdout
    assert "gfile False" in done.stdout
    loss = float(done.stdout.split("loss ")[1].split()[0])
    assert loss < 0.5
