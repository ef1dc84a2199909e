"""Session: holds variable values and random streams, and runs cached plans of the graph."""

from __future__ import annotations

import os

import numpy as np

from tinytf.client.blas_threads import BLAS
from tinytf.client.executor import Plan
from tinytf.client.fetches import FetchStructure
from tinytf.client.plan_cache import DEFAULT_MAX_SIZE, PlanCache
from tinytf.framework import dtypes, runtime
from tinytf.framework import graph as graph_module
from tinytf.framework.graph import Graph, Operation, Tensor
from tinytf.framework.runtime import VariableCell, get_default_session
from tinytf.ops import philox
from tinytf.ops.constant_op import string_array

__all__ = ["InteractiveSession", "Session", "get_default_session"]


class Session:
    """Runs ops of one graph; variable values and random state belong to the session.

    It keeps the plans of its last `plan_cache_size` distinct (fetches, feeds)
    signatures (tinytf's own setting: `ConfigProto(plan_cache_size=...)`, or the
    attribute; 1,024 by default).
    """

    def __init__(self, target: str = "", graph: Graph | None = None, config=None) -> None:
        self._graph = graph if graph is not None else graph_module.get_default_graph()
        self._closed = False
        self._cells: dict[Operation, VariableCell] = {}
        self._random_generators: dict[Operation, np.random.Generator] = {}
        self._philox_streams: dict[Operation, philox.PhiloxStream] = {}
        size = getattr(config, "plan_cache_size", None) or DEFAULT_MAX_SIZE
        self._plans = PlanCache(size)
        self._calls = PlanCache(size)
        self.plan_builds = 0
        self._context_stack: list = []
        self._intra_op_threads = getattr(config, "intra_op_parallelism_threads", 0) or 0

    graph = property(lambda self: self._graph)
    graph_def = property(
        lambda self: self._graph.as_graph_def() if hasattr(self._graph, "as_graph_def") else None
    )
    sess_str = property(lambda self: "")

    @property
    def plan_cache_size(self) -> int:
        """How many run signatures keep their compiled plans (least recently used go)."""
        return self._plans.max_size

    @plan_cache_size.setter
    def plan_cache_size(self, size: int) -> None:
        self._plans.max_size = size
        self._calls.max_size = size

    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        """Computes `fetches` (any nesting of tensors, ops, variables or names)."""
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        if feed_dict and any(hasattr(key, "_feed_parts") for key in feed_dict):
            feed_dict = _expand_composite_feeds(feed_dict)
        key = _call_key(fetches, feed_dict)
        try:
            call = self._calls.get(key) if key is not None else None
        except TypeError:  # fetches that are not hashable
            call = key = None
        if call is not None:
            try:  # inline, not a method: this is the path of every training step
                self._calls.move_to_end(key)
            except KeyError:  # another thread's run dropped it meanwhile
                pass
        else:
            call = self._prepare_call(fetches, feed_dict)
            if key is not None:
                self._calls.put(key, call)
        structure, plan, checks = call
        values = feed_dict.values() if checks else ()
        feed_values = [check(value) for check, value in zip(checks, values, strict=True)]
        BLAS.adjust(self._intra_op_threads)
        with np.errstate(all="ignore"):
            values = plan.run(feed_values)
        return structure.rebuild(values)

    def _prepare_call(self, fetches, feed_dict) -> tuple:
        """What a run of `fetches` with these feed keys needs: the fetch structure, the
        plan, and one conversion (and check) per feed value."""
        structure = FetchStructure(self._graph, fetches)
        feed_tensors = self._feed_tensors(feed_dict)
        key = (tuple(structure.elements), tuple(feed_tensors))
        plan = self._plans.get(key)
        if plan is not None:
            self._plans.touch(key)
        else:
            plan = Plan(structure.elements, feed_tensors, self)
            self._plans.put(key, plan)
            self.plan_builds += 1
        return structure, plan, [feed_checker(tensor) for tensor in feed_tensors]

    def _feed_tensors(self, feed_dict) -> list[Tensor]:
        tensors = []
        for key in feed_dict or ():
            try:
                tensor = self._graph.as_graph_element(key, allow_tensor=True, allow_operation=False)
            except (KeyError, ValueError, TypeError) as exc:
                raise TypeError(
                    f"Cannot interpret feed_dict key as Tensor: {exc.args[0]}"
                ) from None
            tensors.append(tensor)
        return tensors

    def partial_run_setup(self, fetches, feeds=None):
        raise NotImplementedError(
            "tinytf does not implement Session.partial_run; "
            "use Session.run with all fetches at once."
        )

    def make_callable(self, fetches, feed_list=None, accept_options=False):
        """A function running `fetches` with positional feeds, as `Session.make_callable`."""
        feed_list = list(feed_list or [])

        def call(*feed_values, **_):
            return self.run(fetches, dict(zip(feed_list, feed_values, strict=True)))

        return call

    # Variables and random streams: what kernels bound to this session reach.
    def variable_cell(self, variable_op: Operation) -> VariableCell:
        cell = self._cells.get(variable_op)
        if cell is None:
            cell = self._cells[variable_op] = VariableCell(variable_op)
        return cell

    def random_generator(self, op: Operation, seed: int, seed2: int) -> np.random.Generator:
        """The op's NumPy stream in this session, for shuffles and categorical draws: the
        same seeds give the same numbers, and seeds (0, 0) a nondeterministic stream.
        """
        generator = self._random_generators.get(op)
        if generator is None:
            generator = np.random.default_rng([seed, seed2] if seed or seed2 else None)
            self._random_generators[op] = generator
        return generator

    def philox_stream(self, op: Operation, seed: int, seed2: int) -> philox.PhiloxStream:
        """The op's stream of TensorFlow's generator in this session, which moves on with
        every run; seeds (0, 0) ask for fresh random seeds, as in TensorFlow."""
        stream = self._philox_streams.get(op)
        if stream is None:
            if not seed and not seed2:
                seed, seed2 = (int.from_bytes(os.urandom(8), "little") for _ in range(2))
            stream = self._philox_streams[op] = philox.PhiloxStream(seed, seed2)
        return stream

    # Lifetime and default-session handling.
    def close(self) -> None:
        self._closed = True
        self._plans.clear()
        self._calls.clear()
        self._cells.clear()

    def reset(self, *args, **kwargs) -> None:
        self.close()

    def as_default(self):
        return runtime.default_session(self)

    def __enter__(self) -> Session:
        graph_context = self._graph.as_default()
        session_context = self.as_default()
        graph_context.__enter__()
        session_context.__enter__()
        self._context_stack.append((graph_context, session_context))
        return self

    def __exit__(self, exc_type, exc_value, traceback) -> None:
        graph_context, session_context = self._context_stack.pop()
        session_context.__exit__(exc_type, exc_value, traceback)
        graph_context.__exit__(exc_type, exc_value, traceback)
        self.close()

    def list_devices(self) -> list:
        return []


class InteractiveSession(Session):
    """A Session that installs itself as the default session when created."""

    def __init__(self, target: str = "", graph: Graph | None = None, config=None) -> None:
        super().__init__(target, graph, config)
        self._default = self.as_default()
        self._default.__enter__()

    def close(self) -> None:
        if self._default is not None:
            self._default.__exit__(None, None, None)
            self._default = None
        super().close()


def _expand_composite_feeds(feed_dict) -> dict:
    """A SparseTensor key fed a SparseTensorValue becomes its three tensors' feeds."""
    expanded = {}
    for key, value in feed_dict.items():
        expanded.update(key._feed_parts(value) if hasattr(key, "_feed_parts") else [(key, value)])
    return expanded


def _call_key(fetches, feed_dict) -> tuple | None:
    """A key that identifies a run's fetch structure and feed keys, or None when the
    fetches are nested deeper than one list or tuple."""
    kind = type(fetches)
    if kind is list or kind is tuple:
        for fetch in fetches:
            if isinstance(fetch, (list, tuple, dict)):
                return None
        fetches = tuple(fetches)
    elif isinstance(fetches, (list, tuple, dict)):
        return None
    return kind, fetches, tuple(feed_dict) if feed_dict else ()


def feed_checker(tensor: Tensor):
    """A function giving a fed value as an array of `tensor`'s dtype and shape: an array
    that already is one passes through three comparisons; others go to `feed_value`."""
    numpy_dtype = np.dtype(tensor.dtype.as_numpy_dtype)
    dims = tensor.shape.as_tuple()
    if dims is None:
        return lambda value: feed_value(tensor, value)
    # Dimensions after the leading unknown ones (a batch) are compared as one tuple.
    lead = 0
    while lead < len(dims) and dims[lead] is None:
        lead += 1
    rank, known = len(dims), dims[lead:]
    if None in known:
        return lambda value: feed_value(tensor, value)

    def check(value):
        if type(value) is np.ndarray and value.dtype == numpy_dtype:
            shape = value.shape
            if len(shape) == rank and shape[lead:] == known:
                return value
        return feed_value(tensor, value)

    return check


def feed_value(tensor: Tensor, value) -> np.ndarray:
    """`value` as an array of `tensor`'s dtype, checked against its static shape."""
    numpy_dtype = tensor.dtype.as_numpy_dtype
    if isinstance(value, np.ndarray) and value.dtype == numpy_dtype:
        array = value
    else:
        if isinstance(value, (Tensor, Operation)):
            raise TypeError(
                f"The value of a feed cannot be a tf.Tensor object. Acceptable "
                f"feed values include Python scalars, strings, lists, numpy "
                f"ndarrays, or TensorHandles. For reference, the tensor object "
                f"was {value} which was passed to the feed with key {tensor}."
            )
        try:
            array = _converted(value, tensor)
        except (ValueError, TypeError, OverflowError) as error:
            if f"'{tensor.name}'" in str(error):
                raise
            kind = TypeError if isinstance(error, TypeError) else ValueError
            raise kind(
                f"Cannot feed value {_shortened(value)} to Tensor '{tensor.name}' of dtype "
                f"{tensor.dtype.name}: {error}"
            ) from None
    dims = tensor.shape.as_tuple()
    if dims is not None and (
        len(dims) != array.ndim
        or any(d is not None and d != n for d, n in zip(dims, array.shape, strict=True))
    ):
        raise ValueError(
            f"Cannot feed value of shape {array.shape} for Tensor "
            f"'{tensor.name}', which has shape '{tensor.shape}'"
        )
    return array


def _converted_feed(tensor: Tensor, array: np.ndarray, numpy_dtype) -> np.ndarray:
    """`array` as `numpy_dtype` when no value changes (0.0 into int32, 3 into uint8, 1 into
    bool), as TensorFlow converts it; a TypeError where TensorFlow would silently truncate
    or wrap (2.7 into int32, 300 into uint8): tinytf's one deliberate difference.
    Strings go to NumPy, which parses numbers and raises ValueError on the rest."""
    with np.errstate(invalid="ignore", over="ignore"):
        converted = array.astype(numpy_dtype)
        if array.dtype.kind in "USO" or np.dtype(numpy_dtype).kind not in "biu":
            return converted
        changed = converted.astype(array.dtype) != array
    if changed.any():
        index = np.unravel_index(np.argmax(changed), array.shape)
        where = f" at index {list(map(int, index))}" if array.ndim else ""
        raise TypeError(
            f"Cannot feed value {array[index].item()!r}{where} to Tensor '{tensor.name}' of "
            f"dtype {tensor.dtype.name}: TensorFlow would have truncated it to "
            f"{converted[index].item()!r}; tinytf refuses conversions that change values. "
            "Cast or round the values first."
        )
    return converted


def _converted(value, tensor: Tensor) -> np.ndarray:
    """`value` as an array of `tensor`'s dtype (ValueError, TypeError or OverflowError
    from NumPy if it is not one: ragged lists, text that is not a number...)."""
    numpy_dtype = tensor.dtype.as_numpy_dtype
    if tensor.dtype is dtypes.string:
        array = string_array(value)
        odd = next((item for item in array.flat if not isinstance(item, bytes)), None)
        if odd is not None:  # TensorFlow: "Unsupported object type ..."
            raise TypeError(f"an element of type {type(odd).__name__} is not a string")
        return array
    array = np.asarray(value)
    if array.dtype != numpy_dtype:
        array = _converted_feed(tensor, array, numpy_dtype)
    return array


def _shortened(value, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}..."
