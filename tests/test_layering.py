"""Layering is checked, not hoped for: lower layers never import upper ones, and `import dyad` stays light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "dyad"
# layer -> packages it must never import
FORBIDDEN = {
    "model.py": (
        "dyad.nlp",
        "dyad.knowledge",
        "dyad.store",
        "dyad.api",
        "dyad.engines",
        "dyad.cli",
        "dyad.readers",
    ),
    "readers": ("dyad.nlp", "dyad.store", "dyad.api", "dyad.engines", "dyad.cli"),
    "knowledge": ("dyad.nlp", "dyad.store", "dyad.api", "dyad.engines", "dyad.cli", "dyad.evaluation"),
    "nlp": ("dyad.store", "dyad.api", "dyad.engines", "dyad.cli", "dyad.evaluation"),
    "analysis": ("dyad.api", "dyad.engines", "dyad.cli"),
    "store": ("dyad.api", "dyad.cli"),
    "engines": ("dyad.api", "dyad.cli", "dyad.store"),
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_does_not_import_upper_layers(layer: str) -> None:
    target = SRC / layer
    files = [target] if target.is_file() else sorted(target.rglob("*.py"))
    for path in files:
        for module in _imports(path):
            assert not module.startswith(FORBIDDEN[layer]), f"{path.relative_to(SRC)} imports {module}"


def test_import_dyad_is_light() -> None:
    code = (
        "import sys, dyad; heavy = [m for m in ('spacy', 'duckdb', 'dask', 'distributed', 'fastapi', "
        "'pandas', 'pyarrow') if m in sys.modules]; print(','.join(heavy))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"`import dyad` loads {result.stdout.strip()}"
