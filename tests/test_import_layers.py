"""Imports flow one way: framework <- ops <- client, train, layers, nn (and the other
subpackages) <- the tinytf package <- course. Read from the source, late imports included."""

import ast
import pathlib

import pytest

import tinytf

PACKAGE = pathlib.Path(tinytf.__file__).parent
# The layer of each first-level name under tinytf; any other name is a middle layer.
LAYERS = {"framework": 0, "ops": 1, "": 3, "compat": 3, "course": 4}
MIDDLE = 2


def layer(module: str) -> int:
    """The layer of a module named `tinytf.<first>...`, or of the package itself."""
    parts = module.split(".")
    return LAYERS.get(parts[1] if len(parts) > 1 else "", MIDDLE)


def module_name(path: pathlib.Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, module) of every tinytf module an import statement anywhere names."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            if node.module == "tinytf":  # `from tinytf import nn` names tinytf.nn
                found += [(node.lineno, f"tinytf.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, node.module))
    return [(line, name) for line, name in found if name.split(".")[0] == "tinytf"]


def violations(path: pathlib.Path) -> list[str]:
    source_layer = layer(module_name(path))
    tree = ast.parse(path.read_text())
    return [
        f"{path.relative_to(PACKAGE)}:{line} imports {name}"
        for line, name in imported(tree)
        if layer(name) > source_layer
    ]


@pytest.mark.parametrize(
    "path", sorted(PACKAGE.rglob("*.py")), ids=lambda path: str(path.relative_to(PACKAGE))
)
def test_no_module_imports_a_higher_layer(path):
    assert violations(path) == []


def test_the_check_finds_a_late_import_upwards(tmp_path):
    ops = tmp_path / "tinytf" / "ops"
    ops.mkdir(parents=True)
    module = ops / "late.py"
    module.write_text(
        "def f():\n    from tinytf.client import session\n    from tinytf import viz\n"
    )
    tree = ast.parse(module.read_text())
    names = [name for _, name in imported(tree)]
    assert names == ["tinytf.client", "tinytf.viz"]
    assert [layer(name) for name in names] == [MIDDLE, MIDDLE] and layer("tinytf.ops.x") == 1
