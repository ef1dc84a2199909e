"""A session keeps the plans of its most recently used run signatures only: its memory
stays flat however many distinct fetch sets a program runs."""

import gc
import itertools
import sys
import tracemalloc

import pytest

import tinytf as tf
from tinytf.client.plan_cache import DEFAULT_MAX_SIZE, PlanCache


class TestPlanCache:
    def test_the_least_recently_used_entry_goes_first(self):
        cache = PlanCache(2)
        cache.put("a", 1)
        cache.put("b", 2)
        assert cache.get("a") == 1
        cache.touch("a")
        cache.put("c", 3)
        assert list(cache) == ["a", "c"]

    def test_shrinking_drops_the_oldest(self):
        cache = PlanCache(3)
        for key in "abc":
            cache.put(key, key)
        cache.max_size = 1
        assert list(cache) == ["c"]

    @pytest.mark.parametrize("size", [0, -1, 1.5, True, "8"])
    def test_a_size_below_one_or_not_an_int_is_refused(self, size):
        with pytest.raises(ValueError, match="at least 1 entry"):
            PlanCache(size)


def constants(count: int) -> list:
    return [tf.constant(float(index), name=f"c{index}") for index in range(count)]


class TestSessionPlans:
    def test_the_default_size_and_config_setting(self):
        assert tf.Session().plan_cache_size == DEFAULT_MAX_SIZE == 1024
        assert tf.ConfigProto().plan_cache_size == DEFAULT_MAX_SIZE
        session = tf.Session(config=tf.ConfigProto(plan_cache_size=5))
        assert session.plan_cache_size == 5
        session.plan_cache_size = 7
        assert session.plan_cache_size == 7

    def test_a_run_used_recently_is_kept_and_the_oldest_dropped(self):
        a, b, c = constants(3)
        session = tf.Session(config=tf.ConfigProto(plan_cache_size=2))
        for fetch in (a, b, a, c):
            session.run(fetch)
        assert session.plan_builds == 3
        assert [key[1] for key in session._calls] == [a, c]  # b was the least recent
        assert len(session._plans) == 2
        assert session.run(a) == 0.0 and session.plan_builds == 3  # a hit
        session.plan_cache_size = 1
        assert [key[1] for key in session._calls] == [a] and len(session._plans) == 1

    def test_memory_stays_flat_over_ten_thousand_distinct_fetch_sets(self):
        fetch_sets = itertools.islice(itertools.combinations(constants(150), 2), 10_000)
        session = tf.Session(config=tf.ConfigProto(plan_cache_size=100))
        blocks = []
        for index, (first, second) in enumerate(fetch_sets):
            assert session.run([first, second]) == [int(first.op.name[1:]), int(second.op.name[1:])]
            if index in (1_999, 9_999):
                gc.collect()
                blocks.append(sys.getallocatedblocks())
        assert session.plan_builds == 10_000 and len(session._plans) == 100
        # Each plan is about 100 blocks: 8,000 more plans kept would be 800,000 more.
        assert blocks[1] - blocks[0] < 20_000, blocks

    def test_memory_traced_over_400_new_plans_is_the_cache_alone(self):
        pairs = itertools.combinations(constants(60), 2)
        session = tf.Session(config=tf.ConfigProto(plan_cache_size=50))
        for first, second in itertools.islice(pairs, 200):  # fill the cache
            session.run([first, second])
        gc.collect()
        tracemalloc.start()
        try:
            for first, second in itertools.islice(pairs, 400):
                session.run([first, second])
            gc.collect()
            traced, _ = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        # 50 live plans of a few KiB each; 400 kept plans would be over 1 MiB.
        assert traced < 1 << 20, traced
