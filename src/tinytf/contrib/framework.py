"""`tf.contrib.framework`: smart_cond, which programs used before it moved to tf.smart_cond."""

from tinytf.ops.control_flow_ops import smart_cond

__all__ = ["smart_cond"]
