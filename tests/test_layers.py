"""The layers hold: faces call the application layer only, studio/ needs no Celery at import,
and no two modules import each other at module level (read from the source, not run)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from .conftest import REPO

PACKAGES = ("studio", "workers")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {
        _module_name(p): p
        for pkg in PACKAGES
        for p in (REPO / pkg).rglob("*.py")
        if "__pycache__" not in p.parts
    }


def _top_level_imports(path: Path, name: str, known: set[str]) -> set[str]:
    """Modules of ours imported when this module is imported (not inside functions, not
    under TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()

    def add(target: str) -> None:
        while target and target not in known:
            target = target.rsplit(".", 1)[0] if "." in target else ""
        if target and target != name:
            found.add(target)

    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for sub in ast.walk(node) if isinstance(node, ast.If | ast.Try) else [node]:
            if isinstance(sub, ast.Import):
                for alias in sub.names:
                    add(alias.name)
            elif isinstance(sub, ast.ImportFrom):
                base = sub.module or ""
                if sub.level:
                    base = ".".join(package.split(".")[: len(package.split(".")) - sub.level + 1])
                    base = f"{base}.{sub.module}" if sub.module else base
                for alias in sub.names:
                    full = f"{base}.{alias.name}"
                    add(full if full in known else base)
    return found


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10_000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _top_level_imports(path, name, known) for name, path in modules.items()}


def test_no_module_level_import_circles() -> None:
    graph = _graph()
    assert "studio.service" in graph and "studio.cli" in graph  # the walk sees the tree
    assert "studio.compose.common" in graph["studio.compose.polaroid"]
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles(graph) == []


def test_the_cli_calls_nothing_below_the_service_layer() -> None:
    allowed = ("studio.cli", "studio.service", "studio.config", "studio.errors")
    modules = _modules()
    for name, path in modules.items():
        if not name.startswith("studio.cli"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("studio"):
                target = node.module or ""
                if target == "studio":
                    target = ".".join(["studio", node.names[0].name])
                assert target.startswith(allowed), f"{name} imports {target}"


def test_studio_imports_without_celery() -> None:
    """The library and the CLI load in the base install: no Celery, no FastAPI, no torch."""
    code = (
        "import sys; sys.modules['celery'] = None; sys.modules['torch'] = None\n"
        "import studio.cli, studio.service, studio.executor, studio.compose, studio.planner\n"
        "print('ok')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert done.stdout.strip() == "ok", done.stderr[-2000:]
