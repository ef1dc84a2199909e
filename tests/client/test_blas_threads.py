"""BLAS threads follow the cores other processes leave free, capped by intra_op threads."""

import subprocess
import sys
import time

import numpy as np
import pytest
from threadpoolctl import threadpool_info

import tinytf as tf
from tinytf.client import blas_threads
from tinytf.client.blas_threads import BlasThreads, CpuSampler, threads_for


def blas_thread_counts() -> set[int]:
    return {lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"}


@pytest.mark.parametrize(
    ("free", "cap", "expected"),
    [(2.0, 2, 2), (1.9, 2, 2), (1.5, 2, 1), (1.0, 2, 1), (0.1, 2, 1), (8.0, 4, 4), (-1.0, 2, 1)],
)
def test_threads_for_rounds_free_cores_down_with_a_little_slack(free, cap, expected):
    assert threads_for(free, cap) == expected


def test_the_sampler_counts_other_processes_cpu_time_not_its_own():
    readings = iter([(0.0, 10.0, 1.0), (1.0, 12.5, 2.0), (3.0, 13.0, 2.5)])
    sampler = CpuSampler(counters=lambda: next(readings))
    # 2.5 CPU-seconds in one second, 1.0 of them ours: 1.5 cores busy elsewhere.
    assert sampler.busy_elsewhere() == pytest.approx(1.5)
    # 0.5 in two seconds, all ours: nothing elsewhere.
    assert sampler.busy_elsewhere() == pytest.approx(0.0)


def test_the_sampler_reports_nothing_where_the_system_does_not_tell():
    sampler = CpuSampler(counters=lambda: None)
    assert sampler.busy_elsewhere() == 0.0


def test_the_sampler_sees_a_process_that_keeps_a_core_busy():
    sampler = CpuSampler()
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(1.0)
        busy = sampler.busy_elsewhere()
    finally:
        spinner.kill()
        spinner.wait()
    assert busy > 0.3


def test_a_run_gives_blas_no_more_than_intra_op_parallelism_threads():
    x = tf.placeholder(tf.float32, [None, 64])
    y = tf.matmul(x, tf.ones([64, 64]))
    config = tf.ConfigProto(intra_op_parallelism_threads=1)
    with tf.Session(config=config) as sess:
        sess.run(y, {x: np.ones([8, 64], np.float32)})
        assert blas_thread_counts() == {1}
        assert blas_threads.BLAS.current == 1


def test_busy_cores_elsewhere_take_threads_away():
    threads = BlasThreads()
    threads.adjust()  # the first run finds the libraries and starts sampling
    threads._sampler = CpuSampler(counters=iter([(0.0, 0.0, 0.0), (1.0, 64.0, 0.0)]).__next__)
    threads._next_sample = 0.0
    try:
        threads.adjust()
        assert threads.current == 1
        assert blas_thread_counts() == {1}
    finally:
        for library in threads._libraries:
            library.set_num_threads(threads._cap)
