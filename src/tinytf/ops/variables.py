"""`tf.Variable` (TF 1.x's reference variable) and the variable collections' helpers."""

from __future__ import annotations

from tinytf.framework import dtypes
from tinytf.framework.graph import (
    GraphKeys,
    Operation,
    TensorOperators,
    control_dependencies,
    get_default_graph,
    name_scope,
)
from tinytf.framework.tensor_shape import TensorShape, unknown_shape
from tinytf.ops import array_ops, control_flow_ops, state_ops
from tinytf.ops.comparison_ops import logical_not
from tinytf.ops.constant_op import constant, convert_to_tensor
from tinytf.ops.gather_ops import boolean_mask


class Variable(TensorOperators):
    """A variable: ops `name` (VariableV2), `name/Assign`, `name/read`, as in TF 1.x.

    The graph holds only these ops; each Session keeps its own value of the variable.
    """

    def __init__(
        self,
        initial_value=None,
        trainable=True,
        collections=None,
        validate_shape=True,
        caching_device=None,
        name=None,
        variable_def=None,
        dtype=None,
        expected_shape=None,
        import_scope=None,
        constraint=None,
        use_resource=None,
        synchronization=None,
        aggregation=None,
        shape=None,
    ):
        if initial_value is None:
            raise ValueError("initial_value must be specified.")
        if collections is None:
            collections = [GraphKeys.GLOBAL_VARIABLES]
        if not isinstance(collections, (list, tuple, set)):
            raise ValueError(
                f"collections argument to Variable constructor must be a list, "
                f"tuple, or set. Got {collections} of type {type(collections)}"
            )
        collections = list(collections)
        if trainable and GraphKeys.TRAINABLE_VARIABLES not in collections:
            collections.append(GraphKeys.TRAINABLE_VARIABLES)
        self._trainable = bool(trainable)
        self._constraint = constraint
        graph = get_default_graph()
        outer = getattr(graph, "outer_graph", None)
        if outer is not None:
            # Made in a traced function: created once, eagerly, as TF's init_scope does.
            with outer.as_default():
                self._build(initial_value, collections, validate_shape, name, dtype, shape)
            return
        self._build(initial_value, collections, validate_shape, name, dtype, shape)

    def _build(self, initial_value, collections, validate_shape, name, dtype, shape) -> None:
        from_function = callable(initial_value)
        graph = get_default_graph()
        # Variables are created outside any control-dependency context, as in TensorFlow.
        with (
            control_dependencies(None),
            name_scope(name, "Variable", [] if from_function else [initial_value]) as scope,
        ):
            if from_function:
                with name_scope("Initializer"):
                    initial_value = convert_to_tensor(
                        initial_value(), dtype=dtype, name="initial_value"
                    )
            else:
                initial_value = convert_to_tensor(initial_value, dtype=dtype, name="initial_value")
            self._initial_value = initial_value
            if shape is not None:
                var_shape = TensorShape(shape)
            elif validate_shape:
                var_shape = initial_value.shape
                if not var_shape.is_fully_defined():
                    raise ValueError(f"initial_value must have a shape specified: {initial_value}")
            else:
                var_shape = unknown_shape()
            self._variable = state_ops.variable_op(var_shape, initial_value.dtype, scope)
            self._initializer_op = state_ops.assign(
                self._variable, initial_value, validate_shape=validate_shape, name="Assign"
            ).op
            self._snapshot = array_ops.identity(self._variable, name="read")
        graph.add_to_collections(collections, self)
        self._save_slice_info = None

    # Identity and graph membership.
    name = property(lambda self: self._variable.name)
    op = property(lambda self: self._variable.op)
    graph = property(lambda self: self._variable.graph)
    dtype = property(lambda self: self._variable.dtype)
    shape = property(lambda self: self._variable.shape)
    device = property(lambda self: "")
    initializer = property(lambda self: self._initializer_op)
    initial_value = property(lambda self: self._initial_value)
    trainable = property(lambda self: self._trainable)
    constraint = property(lambda self: self._constraint)

    def get_shape(self) -> TensorShape:
        return self._variable.shape

    def set_shape(self, shape) -> None:
        self._variable.set_shape(shape)
        self._snapshot.set_shape(shape)

    def _as_graph_element(self):
        return self._variable

    def _as_tensor(self):
        # An eager variable is read anew at each use: its value changes between ops.
        return self.read_value() if self._variable.graph.executes_eagerly else self._snapshot

    def numpy(self):
        """The current value, in eager mode."""
        return self.read_value().numpy()

    def _ref(self):
        return self._variable

    def value(self):
        """The tensor that reads this variable (`name/read`)."""
        return self._as_tensor()

    def read_value(self):
        return array_ops.identity(self._variable, name="read")

    def initialized_value(self):
        raise NotImplementedError(
            "tinytf does not implement Variable.initialized_value "
            "(it needs tf.cond); initialise variables in order "
            "with tf.control_dependencies instead."
        )

    # Writes.
    def assign(self, value, use_locking=False, name=None, read_value=True):
        return state_ops.assign(self._variable, value, name=name)

    def assign_add(self, delta, use_locking=False, name=None, read_value=True):
        return state_ops.assign_add(self._variable, delta, name=name)

    def assign_sub(self, delta, use_locking=False, name=None, read_value=True):
        return state_ops.assign_sub(self._variable, delta, name=name)

    def load(self, value, session=None) -> None:
        """Writes `value` into this variable in `session` (or the default session)."""
        from tinytf.client.session import get_default_session

        session = session or get_default_session()
        if session is None:
            raise ValueError(
                "Either session argument should be provided or default "
                "session should be established"
            )
        session.run(self._initializer_op, {self._initial_value: value})

    def eval(self, session=None):
        return self._variable.eval(session=session)

    def __repr__(self) -> str:
        return f"<tf.Variable '{self.name}' shape={self.shape} dtype={self.dtype.name}_ref>"

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other) -> bool:
        return self is other

    def __iter__(self):
        raise TypeError("'Variable' object is not iterable.")

    def __bool__(self):
        return self._snapshot.__bool__()


VariableV1 = Variable
RefVariable = Variable


def global_variables(scope=None) -> list:
    return get_default_graph().get_collection(GraphKeys.GLOBAL_VARIABLES, scope)


all_variables = global_variables


def trainable_variables(scope=None) -> list:
    return get_default_graph().get_collection(GraphKeys.TRAINABLE_VARIABLES, scope)


def local_variables(scope=None) -> list:
    return get_default_graph().get_collection(GraphKeys.LOCAL_VARIABLES, scope)


def model_variables(scope=None) -> list:
    return get_default_graph().get_collection(GraphKeys.MODEL_VARIABLES, scope)


def moving_average_variables(scope=None) -> list:
    return get_default_graph().get_collection(GraphKeys.MOVING_AVERAGE_VARIABLES, scope)


def variables_initializer(var_list, name="init") -> Operation:
    """One op that runs the initializers of `var_list`."""
    var_list = list(var_list)
    if var_list:
        return control_flow_ops.group(*[v.initializer for v in var_list], name=name)
    return control_flow_ops.no_op(name=name)


def global_variables_initializer() -> Operation:
    return variables_initializer(global_variables())


def local_variables_initializer() -> Operation:
    return variables_initializer(local_variables())


def initialize_all_variables() -> Operation:
    """The old name of global_variables_initializer."""
    return global_variables_initializer()


initialize_variables = variables_initializer
initialize_local_variables = local_variables_initializer


def is_variable_initialized(variable):
    return state_ops.is_variable_initialized(variable)


def report_uninitialized_variables(var_list=None, name="report_uninitialized_variables"):
    """A 1-D string tensor: the names (bytes, as in TF) of the variables of `var_list`, by
    default all global and local ones, that are not initialised in the running session."""
    if var_list is None:
        var_list = global_variables() + local_variables()
    var_list = list(var_list)
    with name_scope(name):
        if not var_list:
            return constant([], dtype=dtypes.string)
        initialized = array_ops.stack([state_ops.is_variable_initialized(v) for v in var_list])
        names = constant([v.op.name.encode() for v in var_list])
        return boolean_mask(names, logical_not(initialized))
