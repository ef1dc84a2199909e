"""A graph's store of `get_variable` variables, and the VariableScope whose defaults
(initializer, regularizer, reuse, dtype...) `get_variable` fills in."""

from __future__ import annotations

import enum
import functools
import inspect

from tinytf.framework import dtypes
from tinytf.framework.graph import (
    GraphKeys,
    Tensor,
    control_dependencies,
    get_default_graph,
    name_scope,
)
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops import init_ops
from tinytf.ops.constant_op import to_numpy
from tinytf.ops.variables import Variable


class _ReuseMode(enum.Enum):
    AUTO_REUSE = 1


AUTO_REUSE = _ReuseMode.AUTO_REUSE  # get the variable if it exists, else create it


def no_regularizer(_):
    """A regularizer that adds no loss: turns off a scope's default regularizer."""
    return None


class VariableScope:
    """A variable scope's name and the defaults its `get_variable` calls use.

    `reuse` is False (create only), True (get only) or AUTO_REUSE (get or create).
    """

    def __init__(
        self,
        reuse,
        name="",
        initializer=None,
        regularizer=None,
        caching_device=None,
        partitioner=None,
        custom_getter=None,
        name_scope="",
        dtype=dtypes.float32,
        use_resource=None,
        constraint=None,
    ):
        self._reuse = reuse
        self._name = name
        self._initializer = initializer
        self._regularizer = regularizer
        self._caching_device = caching_device
        self._partitioner = partitioner
        self._custom_getter = custom_getter
        self._name_scope = name_scope
        self._dtype = dtype
        self._use_resource = use_resource
        self._constraint = constraint

    name = property(lambda self: self._name)
    original_name_scope = property(lambda self: self._name_scope)
    reuse = property(lambda self: self._reuse)
    initializer = property(lambda self: self._initializer)
    regularizer = property(lambda self: self._regularizer)
    dtype = property(lambda self: self._dtype)
    caching_device = property(lambda self: self._caching_device)
    partitioner = property(lambda self: self._partitioner)
    custom_getter = property(lambda self: self._custom_getter)
    use_resource = property(lambda self: self._use_resource)
    constraint = property(lambda self: self._constraint)

    def reuse_variables(self) -> None:
        """From now on, `get_variable` in this scope returns existing variables."""
        self._reuse = True

    def set_initializer(self, initializer) -> None:
        self._initializer = initializer

    def set_regularizer(self, regularizer) -> None:
        self._regularizer = regularizer

    def set_dtype(self, dtype) -> None:
        self._dtype = dtype

    def set_caching_device(self, caching_device) -> None:
        self._caching_device = caching_device

    def set_partitioner(self, partitioner) -> None:
        self._partitioner = partitioner

    def set_custom_getter(self, custom_getter) -> None:
        self._custom_getter = custom_getter

    def set_use_resource(self, use_resource) -> None:
        self._use_resource = use_resource

    def get_collection(self, name) -> list:
        """The items of collection `name` whose names start with this scope's."""
        return get_default_graph().get_collection(name, f"{self._name}/" if self._name else "")

    def global_variables(self) -> list:
        return self.get_collection(GraphKeys.GLOBAL_VARIABLES)

    def trainable_variables(self) -> list:
        return self.get_collection(GraphKeys.TRAINABLE_VARIABLES)

    def local_variables(self) -> list:
        return self.get_collection(GraphKeys.LOCAL_VARIABLES)

    def get_variable(
        self,
        var_store,
        name,
        shape=None,
        dtype=None,
        initializer=None,
        regularizer=None,
        reuse=None,
        trainable=None,
        collections=None,
        caching_device=None,
        partitioner=None,
        validate_shape=True,
        use_resource=None,
        custom_getter=None,
        constraint=None,
        **_,
    ):
        """`name` in this scope from `var_store`, with this scope's defaults filled in."""
        full_name = f"{self._name}/{name}" if self._name else name
        if dtype is not None and initializer is not None and not callable(initializer):
            initializer_dtype = (
                initializer.dtype
                if isinstance(initializer, Tensor)
                else dtypes.as_dtype(to_numpy(initializer).dtype)
            )
            if initializer_dtype.base_dtype != dtypes.as_dtype(dtype):
                raise ValueError(
                    f"Initializer type '<dtype: '{initializer_dtype.name}'>' and "
                    f"explicit dtype '<dtype: '{dtypes.as_dtype(dtype).name}'>' "
                    "don't match."
                )
        # A variable's ops live under its full name, whatever name scope is open.
        with name_scope(None):
            return var_store.get_variable(
                full_name,
                shape=shape,
                dtype=dtype if dtype is not None else self._dtype,
                initializer=initializer if initializer is not None else self._initializer,
                regularizer=regularizer if regularizer is not None else self._regularizer,
                reuse=reuse if reuse is not None else self._reuse,
                trainable=trainable,
                collections=collections,
                caching_device=caching_device or self._caching_device,
                partitioner=partitioner or self._partitioner,
                validate_shape=validate_shape,
                use_resource=use_resource,
                custom_getter=custom_getter or self._custom_getter,
                constraint=constraint or self._constraint,
            )


class _VariableStore:
    """One graph's `get_variable` variables by full name, and its variable-scope state."""

    def __init__(self) -> None:
        self.variables: dict[str, Variable] = {}
        self.current_scope = VariableScope(False)
        self.scope_counts: dict[str, int] = {}

    def open_scope(self, name: str) -> None:
        self.scope_counts[name] = self.scope_counts.get(name, 0) + 1

    def close_subscopes(self, name: str) -> None:
        """Forgets the sub-scopes of `name`, so that they are numbered afresh next time."""
        prefix = f"{name}/"
        for key in self.scope_counts:
            if key.startswith(prefix):
                self.scope_counts[key] = 0

    def unique_scope_name(self, prefix: str) -> str:
        """`prefix`, or `prefix_1`, `prefix_2`... if that scope was opened already."""
        parent = self.current_scope.name
        name = f"{parent}/{prefix}" if parent else prefix
        if not self.scope_counts.get(name):
            return prefix
        index = 1
        while self.scope_counts.get(f"{name}_{index}"):
            index += 1
        return f"{prefix}_{index}"

    def get_variable(
        self,
        name,
        shape=None,
        dtype=dtypes.float32,
        initializer=None,
        regularizer=None,
        reuse=None,
        trainable=None,
        collections=None,
        caching_device=None,
        partitioner=None,
        validate_shape=True,
        use_resource=None,
        custom_getter=None,
        constraint=None,
    ):
        if custom_getter is not None and not callable(custom_getter):
            raise ValueError(f"Passed a custom_getter which is not callable: {custom_getter}")
        if partitioner is not None:
            raise NotImplementedError("tinytf does not implement partitioned variables.")
        arguments = dict(locals())
        del arguments["self"], arguments["custom_getter"]
        if custom_getter is not None:
            return custom_getter(self._get_single_variable, **arguments)
        return self._get_single_variable(**arguments)

    def _get_single_variable(
        self,
        name,
        shape=None,
        dtype=dtypes.float32,
        initializer=None,
        regularizer=None,
        reuse=None,
        trainable=None,
        collections=None,
        validate_shape=True,
        constraint=None,
        **_,
    ):
        from_value = initializer is not None and not callable(initializer)
        if shape is not None and from_value:
            raise ValueError("If initializer is a constant, do not specify shape.")
        dtype = dtypes.as_dtype(dtype)
        shape = TensorShape(shape) if shape is not None else None
        if name in self.variables:
            return self._existing(name, shape, dtype, reuse)
        if reuse is True:
            raise ValueError(
                f"Variable {name} does not exist, or was not created with "
                "tf.get_variable(). Did you mean to set reuse=tf.AUTO_REUSE in "
                "VarScope?"
            )
        if initializer is None:
            if shape is None:
                raise ValueError(
                    f"Variable {name} did not get an initializer, so its `shape` "
                    "argument must be specified."
                )
            initializer = _default_initializer(name, dtype)
        initial_value, variable_dtype = _initial_value(initializer, from_value, shape, dtype)
        variable = Variable(
            initial_value,
            trainable=True if trainable is None else trainable,
            collections=collections,
            validate_shape=validate_shape,
            name=name,
            dtype=variable_dtype,
            constraint=constraint,
            shape=shape if variable_dtype is not None else None,
        )
        self.variables[name] = variable
        if regularizer:
            with control_dependencies(None), name_scope(f"{name}/Regularizer/"):
                loss = regularizer(variable)
            if loss is not None:
                variable.graph.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)
        return variable

    def _existing(self, name, shape, dtype, reuse) -> Variable:
        variable = self.variables[name]
        if reuse is False:
            raise ValueError(
                f"Variable {name} already exists, disallowed. Did you mean to "
                "set reuse=True or reuse=tf.AUTO_REUSE in VarScope?"
            )
        if shape is not None and not shape.is_compatible_with(variable.shape):
            raise ValueError(
                f"Trying to share variable {name}, but specified shape {shape} "
                f"and found shape {variable.shape}."
            )
        if not dtype.is_compatible_with(variable.dtype):
            raise ValueError(
                f"Trying to share variable {name}, but specified dtype "
                f"{dtype.name} and found dtype {variable.dtype.name}_ref."
            )
        return variable


def _default_initializer(name, dtype):
    """Glorot uniform for floats, zeros for integers and booleans."""
    if dtype.is_floating:
        return init_ops.glorot_uniform_initializer()
    if dtype.is_integer or dtype.is_bool or dtype is dtypes.string:
        return init_ops.zeros_initializer()
    raise ValueError(f"An initializer for variable {name} of {dtype.base_dtype!r} is required")


def _initial_value(initializer, from_value, shape, dtype):
    """What `Variable` gets: the initial value (or a function making it), and its dtype."""
    if from_value:
        return initializer, None
    if inspect.isclass(initializer):
        initializer = initializer()
    if shape is not None and shape.is_fully_defined():
        arguments = {"dtype": dtype}
        if "partition_info" in _parameters(initializer):
            arguments["partition_info"] = None
        return functools.partial(initializer, shape.as_list(), **arguments), dtype.base_dtype
    if all(
        parameter.default is not inspect.Parameter.empty
        for parameter in _parameters(initializer).values()
    ):
        return initializer, None
    raise ValueError(
        "The initializer passed is not valid. It should be a callable with no "
        "arguments and the shape should not be provided or an instance of "
        "`tf.keras.initializers.*' and `shape` should be fully defined."
    )


def _parameters(function) -> dict:
    try:
        return dict(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return {}


def graph_store(graph=None) -> _VariableStore:
    graph = graph or get_default_graph()
    if graph._variable_scope_store is None:
        graph._variable_scope_store = _VariableStore()
    return graph._variable_scope_store
