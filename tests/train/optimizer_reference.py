"""NumPy references of TF's optimizer update formulas and the least-squares problem they train."""

import numpy as np

import tinytf as tf

X = np.random.default_rng(1).normal(size=(6, 3))
Y = np.random.default_rng(2).normal(size=(6, 1))
W0 = np.array([[0.5], [-0.3], [0.8]])
B0 = np.array(0.2)


def as_tf_float(value):
    """A Python hyper-parameter as TF sees it: a float32 constant, cast to float64 later."""
    return np.float64(np.float32(value))


def numpy_gradients(w, b):
    """Gradients of 0.5 * sum((X w + b - Y)^2)."""
    residual = X @ w + b - Y
    return X.T @ residual, residual.sum()


class ReferenceGradientDescent:
    def __init__(self, learning_rate):
        self.learning_rate = as_tf_float(learning_rate)

    def init_slots(self, var):
        return {}

    def update(self, var, grad, slots):
        return var - self.learning_rate * grad

    def finish(self):
        pass


class ReferenceMomentum(ReferenceGradientDescent):
    def __init__(self, learning_rate, momentum, use_nesterov=False):
        super().__init__(learning_rate)
        self.momentum = as_tf_float(momentum)
        self.use_nesterov = use_nesterov

    def init_slots(self, var):
        return {"momentum": np.zeros_like(var)}

    def update(self, var, grad, slots):
        slots["momentum"] = slots["momentum"] * self.momentum + grad
        if self.use_nesterov:
            return var - (
                grad * self.learning_rate + slots["momentum"] * self.momentum * self.learning_rate
            )
        return var - self.learning_rate * slots["momentum"]


class ReferenceAdagrad(ReferenceGradientDescent):
    def init_slots(self, var):
        return {"accumulator": np.full_like(var, as_tf_float(0.1))}

    def update(self, var, grad, slots):
        slots["accumulator"] = slots["accumulator"] + grad**2
        return var - self.learning_rate * grad / np.sqrt(slots["accumulator"])


class ReferenceAdadelta(ReferenceGradientDescent):
    def __init__(self, learning_rate, rho, epsilon):
        super().__init__(learning_rate)
        self.rho, self.epsilon = as_tf_float(rho), as_tf_float(epsilon)

    def init_slots(self, var):
        return {"accum": np.zeros_like(var), "accum_update": np.zeros_like(var)}

    def update(self, var, grad, slots):
        rho, epsilon = self.rho, self.epsilon
        slots["accum"] = rho * slots["accum"] + (1 - rho) * grad**2
        update = np.sqrt(slots["accum_update"] + epsilon) / np.sqrt(slots["accum"] + epsilon) * grad
        slots["accum_update"] = rho * slots["accum_update"] + (1 - rho) * update**2
        return var - self.learning_rate * update


class ReferenceRMSProp(ReferenceGradientDescent):
    def __init__(self, learning_rate, decay, momentum, epsilon, centered):
        super().__init__(learning_rate)
        self.decay, self.momentum = as_tf_float(decay), as_tf_float(momentum)
        self.epsilon, self.centered = as_tf_float(epsilon), centered

    def init_slots(self, var):
        slots = {"rms": np.ones_like(var), "momentum": np.zeros_like(var)}
        if self.centered:
            slots["mg"] = np.zeros_like(var)
        return slots

    def update(self, var, grad, slots):
        slots["rms"] = slots["rms"] + (grad**2 - slots["rms"]) * (1 - self.decay)
        denominator = slots["rms"] + self.epsilon
        if self.centered:
            slots["mg"] = slots["mg"] + (grad - slots["mg"]) * (1 - self.decay)
            denominator = denominator - slots["mg"] ** 2
        slots["momentum"] = slots["momentum"] * self.momentum + self.learning_rate * grad / np.sqrt(
            denominator
        )
        return var - slots["momentum"]


class ReferenceAdam(ReferenceGradientDescent):
    def __init__(self, learning_rate, beta1, beta2, epsilon):
        super().__init__(learning_rate)
        self.beta1, self.beta2 = np.float32(beta1), np.float32(beta2)
        self.epsilon = as_tf_float(epsilon)
        # beta1_power and beta2_power are float32 variables, as in TF.
        self.beta1_power, self.beta2_power = self.beta1, self.beta2

    def init_slots(self, var):
        return {"m": np.zeros_like(var), "v": np.zeros_like(var)}

    def update(self, var, grad, slots):
        beta1, beta2 = np.float64(self.beta1), np.float64(self.beta2)
        step_size = (
            self.learning_rate
            * np.sqrt(1 - np.float64(self.beta2_power))
            / (1 - np.float64(self.beta1_power))
        )
        slots["m"] = slots["m"] + (grad - slots["m"]) * (1 - beta1)
        slots["v"] = slots["v"] + (grad**2 - slots["v"]) * (1 - beta2)
        return var - step_size * slots["m"] / (np.sqrt(slots["v"]) + self.epsilon)

    def finish(self):
        self.beta1_power = np.float32(self.beta1_power * self.beta1)
        self.beta2_power = np.float32(self.beta2_power * self.beta2)


CASES = {
    "gradient_descent": (
        lambda: tf.train.GradientDescentOptimizer(0.1),
        lambda: ReferenceGradientDescent(0.1),
    ),
    "momentum": (
        lambda: tf.train.MomentumOptimizer(0.05, 0.9),
        lambda: ReferenceMomentum(0.05, 0.9),
    ),
    "nesterov": (
        lambda: tf.train.MomentumOptimizer(0.05, 0.9, use_nesterov=True),
        lambda: ReferenceMomentum(0.05, 0.9, use_nesterov=True),
    ),
    "adagrad": (lambda: tf.train.AdagradOptimizer(0.3), lambda: ReferenceAdagrad(0.3)),
    "adadelta": (
        lambda: tf.train.AdadeltaOptimizer(1.0, rho=0.9, epsilon=1e-4),
        lambda: ReferenceAdadelta(1.0, 0.9, 1e-4),
    ),
    "rmsprop": (
        lambda: tf.train.RMSPropOptimizer(0.05),
        lambda: ReferenceRMSProp(0.05, 0.9, 0.0, 1e-10, centered=False),
    ),
    "rmsprop_momentum": (
        lambda: tf.train.RMSPropOptimizer(0.05, decay=0.8, momentum=0.5, epsilon=1e-3),
        lambda: ReferenceRMSProp(0.05, 0.8, 0.5, 1e-3, centered=False),
    ),
    "rmsprop_centered": (
        lambda: tf.train.RMSPropOptimizer(0.05, momentum=0.3, epsilon=1e-3, centered=True),
        lambda: ReferenceRMSProp(0.05, 0.9, 0.3, 1e-3, centered=True),
    ),
    "adam": (lambda: tf.train.AdamOptimizer(0.1), lambda: ReferenceAdam(0.1, 0.9, 0.999, 1e-8)),
    "adam_beta": (
        lambda: tf.train.AdamOptimizer(0.05, beta1=0.5, beta2=0.9, epsilon=1e-3),
        lambda: ReferenceAdam(0.05, 0.5, 0.9, 1e-3),
    ),
}


def least_squares(dtype=tf.float64):
    w = tf.Variable(W0.astype(dtype.as_numpy_dtype), name="w")
    b = tf.Variable(B0.astype(dtype.as_numpy_dtype), name="b")
    residual = tf.matmul(tf.constant(X, dtype), w) + b - tf.constant(Y, dtype)
    loss = 0.5 * tf.reduce_sum(tf.square(residual))
    return w, b, loss
