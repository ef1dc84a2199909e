"""Ports of the TensorFlow 1.x examples that programs import helpers from."""
