"""Dependencies point one way: an app imports only the apps below it in ORDER (the README's
architecture section), so that a new module cannot quietly tie two apps into a cycle.

Every `import` in `podium/<app>/` (migrations aside) is read with `ast`, function-level
imports included: an import inside a function is still a dependency. Imports under
`if TYPE_CHECKING:` are not counted: they never run, and a type may name a higher app's model.
A back-edge that is known and not yet removed is listed in KNOWN with why; the test also fails
when a KNOWN edge is gone, so the list only shrinks.
"""

from __future__ import annotations

import ast
from pathlib import Path

PODIUM = Path(__file__).resolve().parent.parent / "podium"

# Lowest first. Each app may import the apps before it, never those after it.
ORDER = (
    "lib",
    "accounts",
    "org",
    "notifications",
    "channels",
    "outbox",
    "publishing",
    "blog",
    "ideas",
    "planning",
    "policy",
    "advocates",
    "governance",
    "links",
    "system",
)
# The audit log is written by every app (every change of state is recorded with it), so its
# two modules may be imported from anywhere; they import only lib themselves.
EVERYONE_MAY_IMPORT = {"podium.governance.audit", "podium.governance.models"}

# (importing module, imported module): why it is still there.
KNOWN: dict[tuple[str, str], str] = {}


def _module(path: Path) -> str:
    parts = path.relative_to(PODIUM.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    hidden: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            hidden.update(id(child) for child in ast.walk(node))
    return hidden


def imports_between_apps() -> dict[tuple[str, str], int]:
    """(importing module, imported module) → line, for every import of another app."""
    found: dict[tuple[str, str], int] = {}
    for path in sorted(PODIUM.glob("*/**/*.py")):
        if "migrations" in path.parts:
            continue
        importer = _module(path)
        tree = ast.parse(path.read_text(), str(path))
        hidden = _type_checking_nodes(tree)
        for node in ast.walk(tree):
            if id(node) in hidden:
                continue
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                base = node.module
                names = [f"{base}.{alias.name}" for alias in node.names]
            else:
                continue
            for name in names:
                parts = name.split(".")
                if parts[0] == "podium" and len(parts) > 1 and parts[1] != importer.split(".")[1]:
                    imported = _known_module(parts)
                    found.setdefault((importer, imported), node.lineno)
    return found


def _known_module(parts: list[str]) -> str:
    """`from podium.governance import audit` names the module podium.governance.audit."""
    for end in range(len(parts), 1, -1):
        candidate = PODIUM.parent.joinpath(*parts[:end])
        if candidate.with_suffix(".py").exists() or (candidate / "__init__.py").exists():
            return ".".join(parts[:end])
    return ".".join(parts[:2])


def _rank(module: str) -> int | None:
    app = module.split(".")[1]
    return ORDER.index(app) if app in ORDER else None


def back_edges() -> dict[tuple[str, str], int]:
    edges = {}
    for (importer, imported), line in imports_between_apps().items():
        low, high = _rank(importer), _rank(imported)
        if low is None or high is None or high < low or imported in EVERYONE_MAY_IMPORT:
            continue
        edges[(importer, imported)] = line
    return edges


def test_every_app_is_in_the_order():
    apps = {p.name for p in PODIUM.iterdir() if (p / "__init__.py").exists()}
    assert apps - {"static", "templates"} <= set(ORDER), "add the new app to ORDER and README"


def test_no_app_imports_an_app_above_it():
    new = {edge: line for edge, line in back_edges().items() if edge not in KNOWN}
    assert not new, "\n".join(
        f"{a} (line {line}) imports {b}, which is above it in the order: move the code "
        "to the app that may import both, or pass what it needs in"
        for (a, b), line in sorted(new.items())
    )


def test_known_back_edges_are_still_there():
    gone = set(KNOWN) - set(back_edges())
    assert not gone, f"removed, so remove them from KNOWN too: {sorted(gone)}"


def test_the_audit_log_imports_no_app():
    """What every app may import must itself import nothing but lib, or it would be a cycle."""
    reached = {b for (a, b) in imports_between_apps() if a in EVERYONE_MAY_IMPORT}
    assert all(module.startswith("podium.lib") for module in reached), reached
