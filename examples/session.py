"""Sessions and variables: a counter that a session updates, three ways to run a graph.

python examples/session.py
"""

import tinytf as tf

state = tf.Variable(0, name="counter")
one = tf.constant(1)
new_value = tf.add(state, one)
update = tf.assign(state, new_value)
init_op = tf.global_variables_initializer()

# 1. An explicit session, closed by hand.
sess = tf.Session()
sess.run(init_op)
print("counter starts at", sess.run(state))
for _ in range(3):
    sess.run(update)
    print("counter is now", sess.run(state))
sess.close()

# 2. A `with` block closes the session; it is also the default session inside.
with tf.Session() as sess:
    sess.run(init_op)  # each session holds its own variable values: start again
    update.eval()
    print("in a new session the counter is", state.eval())

# 3. An interactive session installs itself as the default, as in a notebook.
sess = tf.InteractiveSession()
init_op.run()
fetched_new_value, fetched_state = sess.run([new_value, state])
print(f"fetch several at once: new_value = {fetched_new_value}, state = {fetched_state}")
sess.close()
