"""The traps of small TensorFlow clones (see STYLE.md), checked across the whole package.

Others are tested where they live: values on graph nodes (client/test_session.py), dense
Jacobians, a recursive walk and a gradient read before it is complete
(ops/test_gradients_impl.py).
"""

import ast
import pathlib

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[1] / "src" / "tinytf"
SOURCES = sorted(PACKAGE.rglob("*.py"))
MUTABLE = (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)


def parsed(path: pathlib.Path) -> ast.AST:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def test_the_package_is_found():
    assert len(SOURCES) > 20


def mutable_defaults(tree: ast.AST) -> list[str]:
    """The functions in `tree` with a list, dict or set as a default argument."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            defaults = node.args.defaults + [d for d in node.args.kw_defaults if d is not None]
            if any(
                isinstance(d, MUTABLE)
                or (
                    isinstance(d, ast.Call) and getattr(d.func, "id", "") in {"list", "dict", "set"}
                )
                for d in defaults
            ):
                found.append(f"line {node.lineno}: {getattr(node, 'name', 'lambda')}")
    return found


def eval_calls(tree: ast.AST) -> list[int]:
    """The lines of `tree` that call the builtin eval()."""
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "eval"
    ]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_mutable_default_arguments(path):
    found = mutable_defaults(parsed(path))
    assert not found, f"mutable default arguments in {path.name}: {found}"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_eval_of_strings(path):
    calls = eval_calls(parsed(path))
    assert not calls, f"builtin eval() in {path.name} at lines {calls}"


def test_the_checks_catch_what_they_look_for():
    tree = ast.parse("def f(x=[], *, y=dict()):\n    return eval('x')\ng = lambda z={}: z\n")
    assert mutable_defaults(tree) == ["line 1: f", "line 3: lambda"]
    assert eval_calls(tree) == [2]
