"""The `checkpoint` state file: a CheckpointState protocol buffer in text format.

    model_checkpoint_path: "model.ckpt-10"
    all_model_checkpoint_paths: "model.ckpt-9"
    all_model_checkpoint_paths: "model.ckpt-10"

Strings are escaped as the protobuf text printer does; the parser accepts what TensorFlow
writes (including the timestamps tf.train.CheckpointManager adds).
"""

from __future__ import annotations

import dataclasses
import re

_ESCAPES = {i: f"\\{i:03o}" for i in list(range(32)) + [127]}
_ESCAPES.update(
    {
        ord("\t"): r"\t",
        ord("\n"): r"\n",
        ord("\r"): r"\r",
        ord('"'): r"\"",
        ord("'"): r"\'",
        ord("\\"): r"\\",
    }
)
_SIMPLE_UNESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    '"': '"',
    "'": "'",
    "\\": "\\",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "?": "?",
}
_SKIP = re.compile(r"(?:\s+|#[^\n]*)*")
_LITERAL = r"""(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')"""
_FIELD = re.compile(rf"([A-Za-z_]\w*)\s*:\s*(?:((?:{_LITERAL}\s*)+)|([^\s;,#\"']+))\s*[;,]?")


class TextFormatError(ValueError):
    """The text is not a CheckpointState."""


@dataclasses.dataclass
class CheckpointState:
    """What tf.train.get_checkpoint_state returns: the latest checkpoint and those kept."""

    model_checkpoint_path: str = ""
    all_model_checkpoint_paths: list[str] = dataclasses.field(default_factory=list)
    all_model_checkpoint_timestamps: list[float] = dataclasses.field(default_factory=list)
    last_preserved_timestamp: float = 0.0

    def to_text(self) -> str:
        """The text TensorFlow's `text_format.MessageToString` writes for this state."""
        lines = []
        if self.model_checkpoint_path:
            lines.append(f"model_checkpoint_path: {_quote(self.model_checkpoint_path)}")
        lines += [
            f"all_model_checkpoint_paths: {_quote(path)}"
            for path in self.all_model_checkpoint_paths
        ]
        lines += [
            f"all_model_checkpoint_timestamps: {float(stamp)!r}"
            for stamp in self.all_model_checkpoint_timestamps
        ]
        if self.last_preserved_timestamp:
            lines.append(f"last_preserved_timestamp: {float(self.last_preserved_timestamp)!r}")
        return "".join(line + "\n" for line in lines)

    __str__ = to_text

    @classmethod
    def from_text(cls, text: str) -> CheckpointState:
        state = cls()
        for name, value in _fields(text):
            if name == "model_checkpoint_path" and isinstance(value, str):
                state.model_checkpoint_path = value
            elif name == "all_model_checkpoint_paths" and isinstance(value, str):
                state.all_model_checkpoint_paths.append(value)
            elif name == "all_model_checkpoint_timestamps" and isinstance(value, float):
                state.all_model_checkpoint_timestamps.append(value)
            elif name == "last_preserved_timestamp" and isinstance(value, float):
                state.last_preserved_timestamp = value
            else:
                raise TextFormatError(f"unexpected field or value: {name}: {value!r}")
        return state


def _quote(text: str) -> str:
    return '"' + text.translate(_ESCAPES) + '"'


def _unescape(body: str) -> str:
    """The bytes a C-escaped string literal denotes, decoded as UTF-8."""
    out = bytearray()
    index = 0
    while index < len(body):
        char = body[index]
        index += 1
        if char != "\\":
            out += char.encode("utf-8")
            continue
        char = body[index]
        index += 1
        if char in _SIMPLE_UNESCAPES:
            out += _SIMPLE_UNESCAPES[char].encode()
        elif char in "01234567":
            digits = re.match(r"[0-7]{1,3}", body[index - 1 :]).group()
            out.append(int(digits, 8) & 0xFF)
            index += len(digits) - 1
        elif char in "xX":
            digits = re.match(r"[0-9a-fA-F]{1,2}", body[index:])
            if digits is None:
                raise TextFormatError("bad \\x escape")
            out.append(int(digits.group(), 16))
            index += len(digits.group())
        else:
            raise TextFormatError(f"bad escape \\{char}")
    return out.decode("utf-8", "surrogateescape")


def _fields(text: str):
    """Yields (field name, value): a str for string literals (adjacent ones joined), else a
    float."""
    position = _SKIP.match(text).end()
    while position < len(text):
        match = _FIELD.match(text, position)
        if match is None:
            raise TextFormatError(f"cannot parse {text[position : position + 40]!r}")
        name, literals, number = match.groups()
        if literals:
            yield (
                name,
                "".join(_unescape(literal[1:-1]) for literal in re.findall(_LITERAL, literals)),
            )
        else:
            try:
                yield name, float(number)
            except ValueError:
                raise TextFormatError(f"bad number {number!r} for {name}") from None
        position = _SKIP.match(text, match.end()).end()
