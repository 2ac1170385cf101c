"""The shape of the code, read from the modules' own import statements (docs/architecture.md, "Layers").

Every `import` in `articles/` and `newsarchive/` counts, at module level or inside a function (an
import hidden in a function is still a dependency). Two rules: no module imports one of a higher layer,
and no chain of imports leads back to where it started. Tests and migrations are left out: they may
reach anywhere.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("articles", "newsarchive")
LEFT_OUT = ("articles.tests", "articles.migrations")

# Lower numbers are lower layers; a module may import its own layer and those below. The longest
# matching prefix decides. docs/architecture.md draws the same table.
LAYERS = {
    "newsarchive.settings": 0,
    "articles.keys": 0,
    "articles.local_time": 0,
    "newsarchive.postgres": 0,
    "articles.importers": 1,
    "articles.maps": 1,
    "articles.citing": 1,
    "articles.changes": 1,
    "articles.stories": 1,
    "articles.apps": 2,
    "articles.models": 2,
    "articles.fulltext": 3,
    "articles.enrich": 3,
    "articles.second_connection": 3,
    "articles.facets": 4,
    "articles.timeline": 4,
    "articles.filters": 4,
    "articles.ingest": 4,
    "articles.staging": 4,
    "articles.selectors": 5,
    "articles.exporting": 5,
    "articles.tasks": 6,
    "articles": 7,  # views, admin, feeds, forms, urls, templatetags, management commands
    "newsarchive": 8,  # urls, wsgi, warmup, gunicorn_conf, middleware, routers, health
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = module_name(path)
            if not name.startswith(LEFT_OUT):
                modules[name] = path
    return modules


def imported(name: str, path: Path, known: set[str]) -> set[str]:
    """The project modules `name` imports: for each statement, the deepest project module it names."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]

    def deepest(dotted: str) -> str | None:
        while dotted and dotted not in known:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    found: set[str | None] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(deepest(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                # `from package import module` depends on the module; `from module import name` on it.
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in known else deepest(base))
    return {m for m in found if m and m != name and m.split(".")[0] in PACKAGES}


def layer(module: str) -> int:
    prefix = max((p for p in LAYERS if module == p or module.startswith(p + ".")), key=len)
    return LAYERS[prefix]


def graph() -> dict[str, set[str]]:
    modules = project_modules()
    known = set(modules)
    return {name: imported(name, path, known) for name, path in modules.items()}


def test_no_module_imports_a_higher_layer():
    upward = [
        f"{name} (layer {layer(name)}) imports {target} (layer {layer(target)})"
        for name, targets in graph().items()
        for target in sorted(targets)
        if layer(target) > layer(name)
    ]
    assert not upward, "\n".join(upward)


def test_no_import_cycles():
    edges = graph()
    cycles, state = [], {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = "open"
        for target in sorted(edges.get(node, ())):
            # A package's __init__ re-exporting its own modules is not a cycle through them.
            if node.startswith(target + "."):
                continue
            if state.get(target) == "open":
                cycles.append(" -> ".join([*stack[stack.index(target) :], target]))
            elif target not in state:
                visit(target, [*stack, target])
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert not cycles, "\n".join(cycles)


def test_no_module_is_over_500_lines():
    long = [
        f"{name}: {len(path.read_text().splitlines())} lines"
        for name, path in project_modules().items()
        if len(path.read_text().splitlines()) > 500
    ]
    assert not long, "\n".join(long)
