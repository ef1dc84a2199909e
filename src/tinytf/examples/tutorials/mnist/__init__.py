"""TF 1.x's MNIST tutorial helpers: `from tinytf.examples.tutorials.mnist import input_data`."""
