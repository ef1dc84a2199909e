"""The TensorFlow 1.x tutorials package: `tinytf.examples.tutorials.mnist.input_data`."""
