"""Messages as protobuf text format (what `tf.train.write_graph(..., as_text=True)` writes).

Writing only: the output is what the protobuf library prints, and TensorFlow reads it.
"""

from __future__ import annotations

import numpy as np

_PRINTABLE = {byte for byte in range(0x20, 0x7F)} - {ord('"'), ord("'"), ord("\\")}
_ESCAPES = {ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t", ord('"'): '\\"'}
_ESCAPES.update({ord("'"): "\\'", ord("\\"): "\\\\"})


def to_text(message, indent: int = 0) -> str:
    lines: list[str] = []
    _write(message, indent, lines)
    return "".join(lines)


def _write(message, indent: int, lines: list[str]) -> None:
    pad = " " * indent
    for field, value in message.ListFields():
        if field.label == "map":
            for key in sorted(value):
                lines.append(f"{pad}{field.name} {{\n{pad}  key: {_quote(key.encode())}\n")
                if field.kind == "message":
                    lines.append(f"{pad}  value {{\n")
                    _write(value[key], indent + 4, lines)
                    lines.append(f"{pad}  }}\n{pad}}}\n")
                else:
                    lines.append(f"{pad}  value: {_scalar_text(field, value[key])}\n{pad}}}\n")
            continue
        items = value if field.label == "repeated" else [value]
        for item in items:
            if field.kind == "message":
                lines.append(f"{pad}{field.name} {{\n")
                _write(item, indent + 2, lines)
                lines.append(f"{pad}}}\n")
            else:
                lines.append(f"{pad}{field.name}: {_scalar_text(field, item)}\n")


def _scalar_text(field, value) -> str:
    if field.kind == "string":
        return _quote(value.encode("utf-8"))
    if field.kind == "bytes":
        return _quote(value)
    if field.kind == "bool":
        return "true" if value else "false"
    if field.kind == "float":
        return _float_text(np.float32(value))
    if field.kind == "double":
        return _float_text(np.float64(value))
    if field.kind == "enum" and field.enum is not None:
        return field.enum.get(value, str(value))
    return str(value)


def _float_text(value) -> str:
    if np.isnan(value):
        return "nan"
    if np.isinf(value):
        return "inf" if value > 0 else "-inf"
    text = str(value)
    return text[:-2] if text.endswith(".0") else text


def _quote(data: bytes) -> str:
    """C-style escaping, as the protobuf library writes strings and bytes."""
    return '"' + "".join(_escape(byte) for byte in data) + '"'


def _escape(byte: int) -> str:
    if byte in _ESCAPES:
        return _ESCAPES[byte]
    if byte in _PRINTABLE:
        return chr(byte)
    return f"\\{byte:03o}"
