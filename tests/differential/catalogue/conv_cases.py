"""tf.nn's convolutions, pooling and LRN, and the tf.layers / tf.contrib.layers built on
them (with fixed weights): paddings, strides, dilations, odd sizes and batch 1."""

import numpy as np

from tests.differential.catalogue.case import OpCase, f32, f64

_RNG = np.random.default_rng(16)
KERNEL = _RNG.uniform(-1, 1, (3, 3, 2, 4))
DEPTHWISE = _RNG.uniform(-1, 1, (3, 3, 2, 2))
POINTWISE = _RNG.uniform(-1, 1, (1, 1, 4, 3))
_SPACE_TO_BATCH = (
    "TensorFlow runs a dilated convolution as SpaceToBatchND, the convolution and "
    "BatchToSpaceND; tinytf as one op with dilations"
)


def _conv_cases() -> list[OpCase]:
    image, kernel = f64(2, 7, 6, 2), f64(3, 3, 2, 4)
    cases = [
        OpCase("tf.nn.conv2d", (image, kernel), {"strides": [1, 1, 1, 1], "padding": "SAME"}),
        OpCase(
            "tf.nn.conv2d",
            (f64(1, 7, 6, 2), f64(3, 2, 2, 3)),
            {"strides": [1, 2, 3, 1], "padding": "VALID"},
            label="batch 1 strided valid",
        ),
        OpCase(
            "tf.nn.conv2d",
            (f64(2, 8, 5, 2), kernel),
            {"strides": [1, 2, 2, 1], "padding": "SAME"},
            label="strided same",
        ),
        OpCase(
            "tf.nn.conv2d",
            (image, kernel),
            {"strides": [1, 1, 2, 1], "padding": [[0, 0], [2, 1], [0, 3], [0, 0]]},
            label="explicit",
        ),
        OpCase(
            "tf.nn.conv2d",
            (f32(3, 9, 8, 2, static=[None, 9, 8, 2]), f32(5, 5, 2, 3)),
            {"strides": 1, "padding": "SAME"},
            label="float32 unknown batch",
        ),
        OpCase(
            "tf.nn.conv2d",
            (image, kernel),
            {"strides": [1, 1, 1, 1], "padding": "SAME", "dilations": [1, 2, 2, 1]},
            label="dilated",
            gradients=False,  # TensorFlow's CPU kernels have no dilated Conv2D gradient
        ),
        OpCase(
            "tf.nn.conv2d",
            (f64(3, 9, 8, 1), f64(5, 3, 1, 4)),
            {"strides": [1, 2, 1, 1], "padding": "SAME"},
            label="one channel",
        ),
        OpCase(
            "tf.nn.conv2d",
            (f64(2, 6, 7, 1), f64(2, 3, 1, 2)),
            {"strides": [1, 1, 2, 1], "padding": "VALID", "dilations": [1, 2, 1, 1]},
            label="one channel dilated",
            gradients=False,  # TensorFlow's CPU kernels have no dilated Conv2D gradient
        ),
        OpCase(
            "tf.nn.conv2d_transpose",
            (f64(2, 4, 3, 4), kernel),
            build=lambda op, tf, x, w: op(x, w, [2, 7, 6, 2], [1, 2, 2, 1], "SAME"),
        ),
        OpCase(
            "tf.nn.conv2d_transpose",
            (f64(1, 3, 2, 4), kernel),
            build=lambda op, tf, x, w: op(x, w, [1, 8, 5, 2], [1, 2, 2, 1], "VALID"),
            label="valid",
        ),
        OpCase(
            "tf.nn.depthwise_conv2d",
            (image, f64(3, 3, 2, 2)),
            {"strides": [1, 1, 1, 1], "padding": "SAME"},
        ),
        OpCase(
            "tf.nn.depthwise_conv2d",
            (f64(1, 7, 6, 2), f64(2, 3, 2, 1)),
            {"strides": [1, 2, 2, 1], "padding": "VALID"},
            label="batch 1 strided valid",
        ),
        OpCase(
            "tf.nn.depthwise_conv2d",
            (image, f64(3, 3, 2, 2)),
            {"strides": [1, 1, 1, 1], "padding": "SAME", "rate": [2, 2]},
            label="rate 2",
            names=False,
            differs=_SPACE_TO_BATCH,
        ),
        OpCase(
            "tf.nn.separable_conv2d",
            (image, f64(3, 3, 2, 2), f64(1, 1, 4, 3)),
            build=lambda op, tf, x, d, p: op(x, d, p, [1, 1, 1, 1], "VALID"),
        ),
        OpCase(
            "tf.nn.atrous_conv2d",
            (f64(1, 9, 8, 2), kernel),
            {"rate": 2, "padding": "SAME"},
            names=False,
            differs=_SPACE_TO_BATCH,
        ),
        OpCase(
            "tf.nn.convolution",
            (image, kernel),
            {"padding": "VALID", "strides": [2, 1]},
        ),
        OpCase("tf.nn.bias_add", (f64(2, 3, 4, 5), f64(5)), label="4-d"),
        OpCase(
            "tf.nn.conv2d_backprop_input",
            (kernel, f64(2, 4, 3, 4)),
            build=lambda op, tf, w, grad: op([2, 7, 6, 2], w, grad, [1, 2, 2, 1], "SAME"),
        ),
        OpCase(
            "tf.nn.conv2d_backprop_filter",
            (image, f64(2, 5, 4, 4)),
            build=lambda op, tf, x, grad: op(x, [3, 3, 2, 4], grad, [1, 1, 1, 1], "VALID"),
        ),
        OpCase(
            "tf.nn.depthwise_conv2d_native",
            (f64(1, 7, 6, 2), f64(3, 2, 2, 3)),
            {"strides": [1, 2, 2, 1], "padding": "SAME"},
        ),
        OpCase(
            "tf.nn.depthwise_conv2d_native_backprop_input",
            (f64(3, 3, 2, 2), f64(2, 4, 3, 4)),
            build=lambda op, tf, w, grad: op([2, 7, 6, 2], w, grad, [1, 2, 2, 1], "SAME"),
        ),
        OpCase(
            "tf.nn.depthwise_conv2d_native_backprop_filter",
            (image, f64(2, 5, 4, 4)),
            build=lambda op, tf, x, grad: op(x, [3, 3, 2, 2], grad, [1, 1, 1, 1], "VALID"),
        ),
    ]
    return cases


def _pool_cases() -> list[OpCase]:
    image = f64(2, 7, 6, 3)
    cases = []
    for symbol in ("tf.nn.max_pool", "tf.nn.avg_pool"):
        cases += [
            OpCase(
                symbol,
                (image,),
                {"ksize": [1, 2, 2, 1], "strides": [1, 2, 2, 1], "padding": "SAME"},
            ),
            OpCase(
                symbol,
                (f64(1, 7, 6, 3),),
                {"ksize": [1, 3, 3, 1], "strides": [1, 2, 2, 1], "padding": "VALID"},
                label="batch 1 overlapping valid",
            ),
            OpCase(
                symbol,
                (f32(2, 5, 7, 2, static=[None, 5, 7, 2]),),
                {"ksize": [1, 3, 2, 1], "strides": [1, 1, 2, 1], "padding": "SAME"},
                label="float32 overlapping same",
            ),
        ]
    cases += [
        # min(x, 0.5) ties about a third of the cells: the first maximum gets the gradient.
        OpCase(
            "tf.nn.max_pool",
            (image,),
            build=lambda op, tf, x: op(tf.minimum(x, 0.5), [1, 3, 3, 1], [1, 1, 1, 1], "SAME"),
            label="ties",
        ),
        OpCase(
            "tf.nn.max_pool",
            (image,),
            {"ksize": 2, "strides": 2, "padding": "VALID"},
            label="int sizes",
        ),
        # max(x, 0) as after a ReLU: windows of tied zeros, pooled by tiling 2x2 windows.
        OpCase(
            "tf.nn.max_pool",
            (f32(2, 8, 6, 3),),
            build=lambda op, tf, x: op(tf.maximum(x, 0.0), 2, 2, "SAME"),
            label="relu ties tiling",
        ),
        OpCase(
            "tf.nn.max_pool",
            (f64(1, 9, 6, 2),),
            build=lambda op, tf, x: op(tf.minimum(x, 0.3), [1, 3, 2, 1], [1, 3, 2, 1], "VALID"),
            label="ties tiling 3x2",
        ),
        OpCase(
            "tf.nn.pool",
            (image,),
            {"window_shape": [3, 2], "pooling_type": "MAX", "padding": "SAME", "strides": [2, 2]},
        ),
        OpCase(
            "tf.nn.pool",
            (image,),
            {"window_shape": [2, 2], "pooling_type": "AVG", "padding": "VALID"},
            label="avg",
        ),
        OpCase("tf.nn.lrn", (f32(2, 3, 4, 7),)),
        OpCase(
            "tf.nn.local_response_normalization",
            (f32(1, 2, 3, 9),),
            {"depth_radius": 2, "bias": 2.0, "alpha": 0.1, "beta": 0.75},
        ),
    ]
    return cases


def _layer_cases() -> list[OpCase]:
    def conv(op, tf, x, **kwargs):
        return op(x, 4, 3, kernel_initializer=tf.constant_initializer(KERNEL), **kwargs)

    def fixed(value):
        return lambda tf: tf.constant_initializer(value)

    return [
        OpCase("tf.layers.conv2d", (f32(2, 7, 6, 2),), build=conv),
        OpCase(
            "tf.layers.conv2d",
            (f32(1, 7, 6, 2, static=[None, 7, 6, 2]),),
            label="same strided relu",
            build=lambda op, tf, x: conv(
                op, tf, x, strides=2, padding="same", activation=tf.nn.relu, name="features"
            ),
        ),
        OpCase(
            "tf.layers.Conv2D",
            (f64(2, 6, 5, 2),),
            build=lambda op, tf, x: op(
                4, (3, 3), kernel_initializer=fixed(KERNEL)(tf), use_bias=False
            )(x),
        ),
        OpCase(
            "tf.layers.conv2d_transpose",
            (f32(2, 4, 3, 2),),
            build=lambda op, tf, x: op(
                x, 4, 3, strides=2, padding="same", kernel_initializer=fixed(KERNEL)(tf)
            ),
        ),
        OpCase(
            "tf.layers.Conv2DTranspose",
            (f64(1, 3, 4, 2),),
            build=lambda op, tf, x: op(4, 3, strides=2, kernel_initializer=fixed(KERNEL)(tf))(x),
        ),
        OpCase(
            "tf.layers.separable_conv2d",
            (f64(2, 6, 5, 2),),
            build=lambda op, tf, x: op(
                x,
                3,
                3,
                depth_multiplier=2,
                depthwise_initializer=fixed(DEPTHWISE)(tf),
                pointwise_initializer=fixed(POINTWISE)(tf),
            ),
        ),
        OpCase(
            "tf.layers.SeparableConv2D",
            (f64(1, 6, 5, 2),),
            build=lambda op, tf, x: op(
                3,
                3,
                padding="same",
                depth_multiplier=2,
                depthwise_initializer=fixed(DEPTHWISE)(tf),
                pointwise_initializer=fixed(POINTWISE)(tf),
            )(x),
        ),
        OpCase("tf.layers.max_pooling2d", (f32(2, 7, 6, 3),), {"pool_size": 2, "strides": 2}),
        OpCase(
            "tf.layers.average_pooling2d",
            (f64(1, 7, 6, 3),),
            {"pool_size": [3, 2], "strides": 1, "padding": "same"},
        ),
        OpCase("tf.layers.MaxPooling2D", (f32(2, 7, 6, 3),), build=lambda op, tf, x: op(3, 2)(x)),
        OpCase(
            "tf.layers.AveragePooling2D",
            (f32(2, 7, 6, 3),),
            build=lambda op, tf, x: op(2, 2, padding="same")(x),
        ),
    ]


CASES: list[OpCase] = [*_conv_cases(), *_pool_cases(), *_layer_cases()]
