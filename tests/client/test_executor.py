"""The executor: pruning, ordering, one run per op, plans compiled once per signature."""

import numpy as np
import pytest

import tinytf as tf
from tinytf.client.executor import Plan


def plan_of(session: tf.Session) -> Plan:
    (plan,) = session._plans.values()
    return plan


class TestPruningAndOrder:
    def test_only_the_ops_the_fetches_need_run(self, counter):
        x = tf.placeholder(tf.float32, [], name="x")
        wanted = counter(x + 1.0, name="wanted")
        counter(x * 5.0, name="unwanted")
        assert tf.Session().run(wanted, {x: 1.0}) == 2.0
        assert counter.calls == ["wanted"]

    def test_a_shared_input_runs_once(self, counter):
        shared = counter(tf.constant(2.0), name="shared")
        left, right = shared * 3.0, shared + 1.0
        assert tf.Session().run(left * right) == 18.0
        assert counter.calls == ["shared"]

    def test_each_run_runs_each_op_again(self, counter):
        counted = counter(tf.constant(1.0))
        session = tf.Session()
        session.run(counted)
        session.run(counted)
        assert counter.calls == ["counted", "counted"]

    def test_control_dependencies_run_first(self, counter):
        before = counter(tf.constant(1.0), name="before")
        with tf.control_dependencies([before]):
            after = counter(tf.constant(2.0), name="after")
        assert tf.Session().run(after) == 2.0
        assert counter.calls == ["before", "after"]

    def test_group_runs_all_its_members(self, counter):
        first = counter(tf.constant(1.0), name="first")
        second = counter(tf.constant(2.0), name="second")
        assert tf.Session().run(tf.group(first, second)) is None
        assert sorted(counter.calls) == ["first", "second"]

    def test_reads_happen_before_writes_in_one_run(self):
        variable = tf.Variable(1.0)
        read = variable.value() * 10.0
        update = tf.assign_add(variable, 5.0)
        session = tf.Session()
        session.run(variable.initializer)
        assert session.run([read, update]) == [10.0, 6.0]
        assert session.run(variable) == 6.0

    def test_a_write_then_its_dependent_read(self):
        variable = tf.Variable(1.0)
        update = tf.assign(variable, 3.0)
        with tf.control_dependencies([update]):
            read_after = variable.read_value() * 2.0
        session = tf.Session()
        session.run(variable.initializer)
        assert session.run(read_after) == 6.0


class TestPlans:
    def test_one_plan_per_signature_reused(self):
        x = tf.placeholder(tf.float32, [None], name="x")
        y, z = x * 2.0, x + 1.0
        session = tf.Session()
        for value in range(5):
            np.testing.assert_array_equal(session.run(y, {x: [value]}), [2.0 * value])
        assert session.plan_builds == 1
        session.run(y, {"x:0": [1.0]})  # the same signature, named differently
        session.run([y], {x: [1.0]})  # a list of one fetches the same tensor
        assert session.plan_builds == 1
        session.run([y, z], {x: [1.0]})
        session.run([z, y], {x: [1.0]})
        assert session.plan_builds == 3
        session.run([y, z], {x: [2.0]})
        assert session.plan_builds == 3

    def test_another_feed_set_is_another_plan(self):
        x = tf.placeholder(tf.float32, [], name="x")
        middle = x * 2.0
        y = middle + 1.0
        session = tf.Session()
        session.run(y, {x: 1.0})
        session.run(y, {middle: 1.0})
        session.run(y, {x: 2.0})
        assert session.plan_builds == 2

    def test_plans_belong_to_their_session(self):
        y = tf.constant(1.0) + 1.0
        first, second = tf.Session(), tf.Session()
        first.run(y)
        second.run(y)
        assert (first.plan_builds, second.plan_builds) == (1, 1)

    def test_source_is_one_line_per_op_and_frees_intermediates(self):
        x = tf.placeholder(tf.float32, [2], name="x")
        doubled = x * 2.0
        exponent = tf.exp(doubled, name="exponent")
        session = tf.Session()
        session.run(exponent, {x: [0.0, 1.0]})
        source = plan_of(session).source
        assert source.startswith("def run(feeds):\n")
        assert "# Mul 'mul'" in source and "# Exp 'exponent'" in source
        assert "# Placeholder" not in source  # fed, so never computed
        assert "del" in source  # the product is released once Exp has read it
        lines = [line for line in source.splitlines() if "  # " in line]
        assert len(lines) == 3  # the constant 2.0, Mul, Exp

    def test_plan_ops_are_in_dependency_order(self):
        x = tf.placeholder(tf.float32, [], name="x")
        y = tf.exp(x * 2.0) + x
        session = tf.Session()
        session.run(y, {x: 1.0})
        order = plan_of(session).ops
        position = {op: index for index, op in enumerate(order)}
        for op in order:
            for tensor in op.inputs:
                if tensor.op in position:
                    assert position[tensor.op] < position[op]


class TestKernelErrors:
    def test_a_kernel_exception_becomes_invalid_argument_naming_the_op(self):
        flat = tf.placeholder(tf.float32, [None], name="flat")
        square = tf.reshape(flat, [2, 2], name="square")
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            tf.Session().run(square, {flat: [1.0, 2.0, 3.0]})
        assert info.value.op is square.op
        assert "in op 'square' (Reshape)" in info.value.message
        assert isinstance(info.value.__cause__, ValueError)

    def test_numpy_warnings_do_not_escape(self):
        x = tf.placeholder(tf.float32, [2], name="x")
        with np.errstate(all="raise"):
            result = tf.Session().run(tf.log(x), {x: [0.0, 1.0]})
        assert result[0] == -np.inf and result[1] == 0.0


class TestOptimizationsSwitch:
    def test_plans_built_inside_are_plain_and_the_setting_comes_back(self):
        from tinytf.client import executor

        x = tf.placeholder(tf.float32, [2])
        y = tf.identity(x) * 2.0
        with pytest.raises(RuntimeError), executor.optimizations(False):
            session = tf.Session()
            session.run(y, {x: [1.0, 2.0]})
            raise RuntimeError("leaves the block")
        assert "Identity" in [step.type for step in plan_of(session).steps]
        optimized = tf.Session()
        optimized.run(y, {x: [1.0, 2.0]})
        assert "Identity" not in [step.type for step in plan_of(optimized).steps]
