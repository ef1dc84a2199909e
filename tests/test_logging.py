"""tf.logging: levels, verbosity, and the every-n / first-n helpers."""

import logging

import pytest

import tinytf as tf


@pytest.fixture
def records(caplog):
    caplog.set_level(logging.DEBUG, logger="tinytf")
    yield caplog
    tf.logging.set_verbosity(tf.logging.WARN)


def messages(caplog):
    return [(record.levelname, record.getMessage()) for record in caplog.records]


def test_levels_are_the_standard_librarys():
    assert (
        tf.logging.DEBUG,
        tf.logging.INFO,
        tf.logging.WARN,
        tf.logging.ERROR,
        tf.logging.FATAL,
    ) == (10, 20, 30, 40, 50)


def test_each_function_logs_at_its_level(records):
    tf.logging.debug("d %d", 1)
    tf.logging.info("i")
    tf.logging.warn("w")
    tf.logging.warning("w2")
    tf.logging.error("e")
    tf.logging.fatal("f")
    tf.logging.log(tf.logging.INFO, "l %s", "x")
    assert messages(records) == [
        ("DEBUG", "d 1"),
        ("INFO", "i"),
        ("WARNING", "w"),
        ("WARNING", "w2"),
        ("ERROR", "e"),
        ("CRITICAL", "f"),
        ("INFO", "l x"),
    ]


def test_verbosity_filters(records):
    tf.logging.set_verbosity(tf.logging.ERROR)
    assert tf.logging.get_verbosity() == tf.logging.ERROR
    tf.logging.info("hidden")
    tf.logging.error("shown")
    assert messages(records) == [("ERROR", "shown")]


def test_every_n_and_first_n_count_calls_per_line(records):
    for step in range(7):
        tf.logging.log_every_n(tf.logging.INFO, "every %d", 3, step)
        tf.logging.log_first_n(tf.logging.INFO, "first %d", 2, step)
    assert messages(records) == [
        ("INFO", "every 0"),
        ("INFO", "first 0"),
        ("INFO", "first 1"),
        ("INFO", "every 3"),
        ("INFO", "every 6"),
    ]


def test_get_logger_is_tf_get_logger():
    assert tf.get_logger() is tf.logging.get_logger()
    assert tf.get_logger().name == "tinytf"
