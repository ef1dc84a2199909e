"""Names in a graph: TensorFlow's rules for op and scope names, and resolving a name
("op" or "op:index") to the Operation or Tensor it names."""

from __future__ import annotations

import re

# Names as TensorFlow accepts them (python/framework/ops.py): an op's full name, like a root
# scope, may not start with "_", "-" or "/". Checked with fullmatch: `$` alone would let a
# trailing newline through.
_VALID_OP_NAME = re.compile(r"^[A-Za-z0-9.][A-Za-z0-9_.\\/>-]*$")
_VALID_SCOPE_NAME = re.compile(r"^[A-Za-z0-9_.\\/>-]*$")


def check_scope_name(name: str, in_scope: bool) -> None:
    """ValueError, TensorFlow's, unless `name` may name a scope (or a root scope)."""
    if in_scope and not _VALID_SCOPE_NAME.fullmatch(name):
        raise ValueError(
            f"'{name}' is not a valid scope name. A scope name has to "
            f"match the following pattern: {_VALID_SCOPE_NAME.pattern}"
        )
    if not in_scope and not _VALID_OP_NAME.fullmatch(name):
        raise ValueError(
            f"'{name}' is not a valid root scope name. A root scope "
            f"name has to match the following pattern: {_VALID_OP_NAME.pattern}"
        )


def check_op_name(name: str) -> None:
    """ValueError, TensorFlow's, unless `name` may be an op's full name."""
    if not _VALID_OP_NAME.fullmatch(name):
        raise ValueError(
            f"`{name}` is not a valid node name. Accepted names conform to Regex /{_VALID_OP_NAME}/"
        )


def element_by_name(ops_by_name: dict, name: str, allow_tensor: bool, allow_operation: bool):
    """The Tensor ("op:0") or Operation ("op") that `name` names among `ops_by_name`, with
    TensorFlow's errors (ValueError for a malformed name, KeyError for a missing one)."""
    if ":" in name and allow_tensor:
        op_name, _, index = name.rpartition(":")
        if not index.isdigit():
            raise ValueError(
                f"The name '{name}' looks a like a Tensor name, but is not "
                "a valid one. Tensor names must be of the form "
                '"<op_name>:<output_index>".'
            )
        if op_name not in ops_by_name:
            raise KeyError(
                f"The name '{name}' refers to a Tensor which does not exist. "
                f"The operation, '{op_name}', does not exist in the graph."
            )
        outputs = ops_by_name[op_name]._outputs
        if int(index) >= len(outputs):
            raise KeyError(
                f"The name '{name}' refers to a Tensor which does not exist. "
                f"The operation, '{op_name}', exists but only has "
                f"{len(outputs)} outputs."
            )
        return outputs[int(index)]
    if ":" in name:
        raise ValueError(f"Name '{name}' appears to refer to a Tensor, not a Operation.")
    if not allow_operation:
        raise ValueError(
            f"The name '{name}' refers to an Operation, not a Tensor. Tensor "
            'names must be of the form "<op_name>:<output_index>".'
        )
    if name not in ops_by_name:
        raise KeyError(f"The name '{name}' refers to an Operation not in the graph.")
    return ops_by_name[name]
