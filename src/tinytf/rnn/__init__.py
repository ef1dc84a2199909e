"""Recurrent networks: cells (`tf.nn.rnn_cell`) and the functions that unroll them."""
