"""Eager execution on the same kernels: eager tensors, gradient tapes, traced functions."""
