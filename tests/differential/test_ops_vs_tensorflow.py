"""Every op of the catalogue against TensorFlow: static shapes and dtypes, output names,
forward values and gradients (random grad_ys), from the same fed inputs; and bad programs
fail with TensorFlow's error classes."""

import zlib

import numpy as np
import pytest

import tinytf
from tests.differential.catalogue import CASES
from tests.differential.catalogue.error_cases import CASES as ERROR_CASES
from tests.differential.engines import ENGINES, graph, is_tensor, resolve, tolerances
from tests.differential.reporting import record


def flatten(outputs) -> list:
    if isinstance(outputs, (list, tuple)):
        return [item for output in outputs for item in flatten(output)]
    return [outputs]


def run_case(engine: str, case, arrays: list, grad_seed: int) -> dict:
    """Builds and runs `case` on one engine: static specs, names, values and gradients."""
    tf = ENGINES[engine]
    symbol = (
        case.tensorflow_symbol if engine == "tensorflow" and case.tensorflow_symbol else case.symbol
    )
    with graph(tf):
        inputs = [
            tf.placeholder(spec.dtype, spec.static_shape, name=f"input_{index}")
            for index, spec in enumerate(case.inputs)
        ]
        op = resolve(tf, symbol)
        built = case.build(op, tf, *inputs) if case.build else op(*inputs, **case.kwargs)
        outputs = [
            tf.convert_to_tensor(o) if not is_tensor(o) and hasattr(o, "dtype") else o
            for o in flatten(built)
        ]
        tensors = [o for o in outputs if is_tensor(o)]
        feed = dict(zip(inputs, arrays, strict=True))
        with tf.Session() as session:
            session.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
            values = session.run(tensors, feed)
            gradients = _gradients(tf, session, case, inputs, tensors, values, feed, grad_seed)
    return {
        # TensorFlow's reference dtypes (float32_ref) are its base dtypes in tinytf.
        "static": [
            (t.shape.as_list() if t.shape.ndims is not None else None, t.dtype.base_dtype.name)
            for t in tensors
        ],
        "names": [(t.name, t.op.type) for t in tensors]
        + [(o.name, o.type) for o in outputs if not is_tensor(o)],
        "values": values,
        "gradients": gradients,
    }


def _gradients(tf, session, case, inputs, tensors, values, feed, seed):
    """d(sum of outputs * random weights)/d(float inputs), None where unconnected."""
    float_inputs = [x for x in inputs if x.dtype.is_floating]
    floats = [(t, v) for t, v in zip(tensors, values, strict=True) if t.dtype.is_floating]
    if not (case.gradients and case.values and float_inputs and floats):
        return None
    rng = np.random.default_rng(seed)
    weights = [rng.uniform(-1, 1, np.shape(v)).astype(t.dtype.as_numpy_dtype) for t, v in floats]
    try:
        grads = tf.gradients([t for t, _ in floats], float_inputs, grad_ys=weights)
    except (LookupError, TypeError, ValueError) as error:
        return type(error).__name__
    connected = [g for g in grads if g is not None]
    results = iter(session.run([tf.convert_to_tensor(g) for g in connected], feed))
    return [None if g is None else next(results) for g in grads]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_op_matches_tensorflow(case):
    seed = zlib.crc32(case.id.encode())
    rng = np.random.default_rng(seed)
    arrays = [spec.draw(rng) for spec in case.inputs]
    ours = run_case("tinytf", case, arrays, seed)
    theirs = run_case("tensorflow", case, arrays, seed)
    assert ours["static"] == theirs["static"], "static shapes and dtypes"
    if case.names:
        assert [name for name, _ in ours["names"]] == [name for name, _ in theirs["names"]], (
            "output names"
        )
    if case.names and case.op_types:  # different names: TensorFlow builds other ops
        assert [kind for _, kind in ours["names"]] == [kind for _, kind in theirs["names"]], (
            "op types"
        )
    if case.values:
        for mine, reference in zip(ours["values"], theirs["values"], strict=True):
            assert np.shape(mine) == np.shape(reference)
            if np.asarray(reference).dtype.kind in "fc":
                np.testing.assert_allclose(mine, reference, **tolerances(np.asarray(mine).dtype))
            else:
                np.testing.assert_array_equal(mine, reference)
    if isinstance(theirs["gradients"], str):  # TensorFlow refuses to differentiate
        assert ours["gradients"] == theirs["gradients"], "the error tf.gradients raises"
    elif theirs["gradients"] is not None:
        for index, (mine, reference) in enumerate(
            zip(ours["gradients"], theirs["gradients"], strict=True)
        ):
            assert (mine is None) == (reference is None), f"gradient {index} connected"
            if reference is not None:
                np.testing.assert_allclose(mine, reference, **tolerances(reference.dtype))
    record("ops")


def test_the_catalogue_ids_are_unique():
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def test_every_symbol_exists_in_tinytf():
    for case in CASES:
        assert callable(resolve(tinytf, case.symbol)), case.symbol


def error_of(engine: str, case) -> tuple[str, str]:
    """(stage, error class name) of running `case` on `engine`: stage "build" or "run"."""
    tf = ENGINES[engine]
    with graph(tf):
        try:
            built = case.build(tf)
        except Exception as error:  # noqa: BLE001 - the class is what is compared
            return "build", type(error).__name__
        if built is None:
            return "build", "no error"
        fetches, feed = built
        with tf.Session() as session:
            try:
                session.run(fetches, feed)
            except Exception as error:  # noqa: BLE001
                return "run", type(error).__name__
    return "run", "no error"


@pytest.mark.parametrize("case", ERROR_CASES, ids=lambda case: case.id)
def test_bad_input_raises_the_same_error(case):
    theirs = error_of("tensorflow", case)
    assert theirs[1] != "no error", "the case must be an error in TensorFlow"
    assert error_of("tinytf", case) == theirs
    record("ops")
