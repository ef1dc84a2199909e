"""Looks tf.* names up in tinytf and reads what the differential tier compares.

A symbol is "compared" when the differential tier (tests/differential) runs it against
TensorFlow, directly or through an alias of the same function; that is read from the
tier's sources and catalogue, so nothing here needs TensorFlow.
"""

import ast
import importlib
import inspect
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The differential tests, and the course programs they run on both engines.
COMPARED_SOURCES = [
    ROOT / "tests" / "differential",
    ROOT / "src" / "tinytf" / "course" / "programs",
]
NAMESPACES = [
    "tf",
    "tf.nn",
    "tf.math",
    "tf.linalg",
    "tf.losses",
    "tf.layers",
    "tf.random",
    "tf.initializers",
    "tf.train",
    "tf.metrics",
    "tf.summary",
    "tf.data",
    "tf.gfile",
    "tf.logging",
    "tf.app",
    "tf.app.flags",
    "tf.flags",
    "tf.contrib.layers",
    "tf.nn.rnn_cell",
    "tf.contrib.rnn",
    "tf.contrib.seq2seq",
    "tf.contrib.legacy_seq2seq",
    "tf.test",
    "tf.errors",
]

# Reached by import rather than as attributes of `tf`.
IMPORTED = {"tf.examples": "tinytf.examples"}


def lookup(symbol: str):
    """The tinytf object `symbol` names; AttributeError if there is none."""
    import tinytf

    parts = symbol.split(".")
    value = tinytf
    if ".".join(parts[:2]) in IMPORTED:
        value = importlib.import_module(IMPORTED[".".join(parts[:2])])
        parts = parts[1:]
    for index, part in enumerate(parts[1:], start=1):
        try:
            value = getattr(value, part)
        except AttributeError:
            module = f"{getattr(value, '__name__', '')}.{part}"
            if not isinstance(value, type(tinytf)):
                raise
            try:  # a submodule not imported yet (input_data)
                value = importlib.import_module(module)
            except ImportError:
                raise AttributeError(
                    f"tinytf does not implement {'.'.join(parts[: index + 1])}"
                ) from None
    return value


def stub_message(function) -> str | None:
    """The message of a function whose whole body raises NotImplementedError."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    except (OSError, TypeError, SyntaxError):
        return None
    definition = tree.body[0]
    if not isinstance(definition, ast.FunctionDef):
        return None
    body = [
        node
        for node in definition.body
        if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))
    ]
    if len(body) != 1 or not isinstance(body[0], ast.Raise):
        return None
    call = body[0].exc
    if not (
        isinstance(call, ast.Call)
        and getattr(call.func, "id", "") == "NotImplementedError"
        and call.args
    ):
        return None
    return _text(call.args[0])


def _text(node) -> str:
    if isinstance(node, ast.Constant):
        return str(node.value)
    if isinstance(node, ast.JoinedStr):
        return "".join(
            _text(part) if isinstance(part, ast.Constant) else "…" for part in node.values
        )
    return "…"


def compared_names() -> tuple[set[str], set[str], dict[str, set[str]]]:
    """What the differential tier runs: dotted tf.* names, attribute names, catalogue notes."""
    dotted, attributes = set(), set()
    for path in (path for folder in COMPARED_SOURCES for path in folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute):
                attributes.add(node.attr)
                chain = _chain(node)
                if chain and chain.startswith("tf."):
                    dotted.add(chain)
            elif (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and node.value.startswith("tf.")
                and " " not in node.value
            ):
                dotted.add(node.value)
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tinytf."):
                namespace = "tf." + node.module.removeprefix("tinytf.")
                dotted.update(f"{namespace}.{alias.name}" for alias in node.names)
    sys.path.insert(0, str(ROOT))
    catalogue = importlib.import_module("tests.differential.catalogue")
    notes: dict[str, set[str]] = {}
    for case in catalogue.CASES:
        dotted.add(case.symbol)
        if case.differs:
            notes.setdefault(case.symbol, set()).add(case.differs)
    return dotted, attributes, notes


def _chain(node) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return ".".join([node.id, *reversed(parts)])
    return None


def _reached(name: str, compared: set[str], attributes: set[str]) -> bool:
    """Whether a compared object's attributes lead to `name` (tf.data.Dataset.batch is
    reached as `tf.data.Dataset.range(5).batch(2)`)."""
    parts = name.split(".")
    return any(
        ".".join(parts[:end]) in compared and set(parts[end:]) <= attributes
        for end in range(2, len(parts))
    )


def public_symbols() -> dict[str, object]:
    """Every public function and class of tinytf's namespaces, by its tf.* name."""
    import tinytf

    symbols = {}
    for namespace in NAMESPACES:
        module = lookup(namespace) if namespace != "tf" else tinytf
        names = getattr(module, "__all__", None) or [
            name for name in dir(module) if not name.startswith("_")
        ]
        for name in names:
            value = getattr(module, name)
            if callable(value) and not inspect.ismodule(value):
                symbols[f"{namespace}.{name}"] = value
    return symbols


class Coverage:
    """What the differential tier compares, as read from its sources."""

    def __init__(self) -> None:
        self.compared, self.attributes, self.notes = compared_names()
        self.objects = {id(value) for name, value in public_symbols().items() if self.reaches(name)}

    def reaches(self, name: str) -> bool:
        return name in self.compared or _reached(name, self.compared, self.attributes)

    def covers(self, name: str, value) -> bool:
        """Whether the tier compares `name`, or the same function under another name."""
        return self.reaches(name) or (callable(value) and id(value) in self.objects)
