"""What the planner knows about ops comes from their registrations: no module of the client
names a registered op type (docstrings aside)."""

import ast
import pathlib

import pytest

import tinytf  # noqa: F401 - registers every op type
from tinytf.framework import registry

CLIENT = pathlib.Path(tinytf.__file__).parent / "client"


def _docstrings(tree: ast.AST) -> set:
    documented = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, documented) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def string_constants(path: pathlib.Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text())
    docstrings = _docstrings(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


@pytest.mark.parametrize("path", sorted(CLIENT.glob("*.py")), ids=lambda path: path.name)
def test_no_client_module_names_an_op_type(path):
    op_types = set(registry.registered_op_types())
    named = [(line, text) for line, text in string_constants(path) if text in op_types]
    assert named == [], f"{path.name} names op types: {named}"


def test_the_check_finds_an_op_type(tmp_path):
    module = tmp_path / "module.py"
    module.write_text('"""Mentions "MatMul" in a docstring."""\nFUSED = ("MatMul", "x")\n')
    assert [text for _, text in string_constants(module)] == ["MatMul", "x"]
