"""TensorFlow's protobuf messages, encoded and decoded by tinytf itself (NumPy only)."""
