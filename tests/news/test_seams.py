"""The news app knows none of the apps built on it (STYLE.md, "App seams")."""

import ast
from pathlib import Path

import news

# Apps that plug into news (signals, registries, settings); news never imports them.
BUILT_ON_NEWS = ("counters", "documents", "agency", "engagement", "medialib")


def _imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_news_imports_no_app_built_on_it():
    """No module of news imports counters, documents, agency, engagement or medialib."""
    folder = Path(news.__file__).parent
    found = [
        f"{path.relative_to(folder)}: {module}"
        for path in sorted(folder.rglob("*.py"))
        for module in _imported_modules(path)
        if module.split(".")[0] in BUILT_ON_NEWS
    ]
    assert found == []
