"""TensorFlow's V2 checkpoint format, byte for byte, in NumPy and the standard library."""
