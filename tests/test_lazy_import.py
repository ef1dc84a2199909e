"""`import tinytf` loads the graph and Tensor's operators; the rest of `tf.*` loads on
first use, whichever name a program reads first, and op types load when a graph or a
gradient lookup needs them."""

import subprocess
import sys
import textwrap

import pytest

import tinytf as tf
from tinytf.framework import registry


def _run_fresh(*code: str) -> str:
    """Runs the pieces of `code` in a new interpreter (a fresh `import tinytf`) and returns
    its output."""
    program = "".join(textwrap.dedent(piece) for piece in code)
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _first_names() -> list[str]:
    """One name from each lazily loaded module, and each lazy submodule."""
    names = [names.split()[0] for names in tf._LAZY_NAMES.values()]
    return names + list(tf._LAZY_RENAMED) + tf._LAZY_SUBMODULES.split()


def test_any_lazy_name_loads_first():
    # Each name is read first in a tinytf imported afresh (its modules dropped in between),
    # so an import cycle that only one entry point trips shows up.
    out = _run_fresh(
        f"""
        import sys
        failures = []
        for name in {_first_names()!r}:
            for module in [m for m in sys.modules if m == "tinytf" or m.startswith("tinytf.")]:
                del sys.modules[module]
            import tinytf
            try:
                getattr(tinytf, name)
            except Exception as exc:
                failures.append(f"{{name}}: {{type(exc).__name__}}: {{exc}}")
        print(failures)
        """
    )
    assert out.strip() == "[]"


def test_import_loads_only_the_core():
    out = _run_fresh(
        """
        import sys
        import tinytf
        print(sorted(m for m in sys.modules if m.startswith(("tinytf.train", "tinytf.rnn",
            "tinytf.io", "tinytf.layers", "tinytf.summary", "tinytf.contrib", "tinytf.eager",
            "tinytf.ops.conv", "tinytf.ops.math_ops", "tinytf.framework.protobuf"))))
        """
    )
    assert out.strip() == "[]"


def test_tensor_operators_load_their_ops_on_first_use():
    out = _run_fresh(
        """
        import sys
        import tinytf as tf
        from tinytf.ops.placeholder_ops import placeholder
        x = placeholder(tf.float32, [3])
        print("tinytf.ops.math_ops" in sys.modules)
        y = -x[1:] + 2.0 * abs(x[:2])
        print("tinytf.ops.math_ops" in sys.modules, y.op.type, y.shape)
        """
    )
    assert out.split() == ["False", "True", "AddV2", "(2,)"]


def test_lazy_names_are_the_modules_objects():
    from tinytf.ops import array_ops, variables

    assert tf.reshape is array_ops.reshape and tf.Variable is variables.Variable
    assert tf.lin_space is array_ops.linspace
    assert tf.train.AdamOptimizer.__module__.startswith("tinytf.train")


RUN_Y_AND_ITS_GRADIENT = """
    g = tf.get_default_graph()
    x, y = g.get_tensor_by_name("x:0"), g.get_tensor_by_name("y:0")
    dy = tf.gradients(tf.reduce_sum(y * y), x)[0]
    with tf.Session() as sess:
        value, grad = sess.run([y, dy], {x: np.arange(16.0).reshape(1, 4, 4, 1)})
    print(value.ravel().tolist(), grad.ravel().tolist())
"""


def test_an_imported_graph_def_loads_its_op_types():
    # The GraphDef holds Conv2D and MaxPool, which no builder has made in the importing
    # process: importing it and its gradient must load them, and compute the same values.
    built = _run_fresh(
        """
        import numpy as np
        import tinytf as tf
        x = tf.placeholder(tf.float32, [1, 4, 4, 1], name="x")
        filters = tf.constant(np.arange(4.0).reshape(2, 2, 1, 1), tf.float32)
        conv = tf.nn.conv2d(x, filters, [1, 1, 1, 1], "SAME")
        tf.nn.max_pool(conv, [1, 2, 2, 1], [1, 2, 2, 1], "VALID", name="y")
        print(tf.get_default_graph().as_graph_def().SerializeToString().hex())
        """,
        RUN_Y_AND_ITS_GRADIENT,
    ).split("\n", 1)
    imported = _run_fresh(
        f"""
        import numpy as np
        import tinytf as tf
        from tinytf.framework.protobuf.graph_pb import GraphDef
        tf.import_graph_def(GraphDef.FromString(bytes.fromhex("{built[0]}")), name="")
        """,
        RUN_Y_AND_ITS_GRADIENT,
    )
    assert "Conv2D" in bytes.fromhex(built[0]).decode("latin-1")
    assert imported == built[1]


def test_a_gradient_lookup_of_an_unknown_type_still_raises():
    class Unknown:
        name, type = "u", "NoSuchOpType"

    with pytest.raises(LookupError, match="op type: NoSuchOpType"):
        registry.get_gradient_function(Unknown())
    assert not registry.has_gradient_entry("NoSuchOpType")
    assert not registry.is_differentiable("NoSuchOpType")


def test_unsupported_names_still_advise_after_loading():
    with pytest.raises(AttributeError, match="tf.reduce_sum"):
        tf.reduce_summ  # noqa: B018
    assert "nn" in dir(tf) and "rnn" in dir(tf)


def test_a_star_import_gets_the_lazy_names_too():
    namespace: dict = {}
    exec("from tinytf import *", namespace)  # noqa: S102 - a fixed statement, no user data
    assert namespace["placeholder"] is tf.placeholder and namespace["nn"] is tf.nn
    assert set(_first_names()) <= set(namespace)
