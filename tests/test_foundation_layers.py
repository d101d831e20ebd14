"""The layers point down: no area imports one that imports it back, and migrations stay frozen."""
import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tracker"


def _imported(tree: ast.AST) -> set[str]:
    """Return the dotted tracker modules a module imports, at any depth of its code."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "tracker":
            if node.module == "tracker":  # from tracker import audit
                found |= {f"tracker.{alias.name}" for alias in node.names}
            else:
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == "tracker"}
    return found


def _layer_graph() -> dict[str, set[str]]:
    """Return which layer (tracker.<first part>) imports which; the factory in __init__ is left out."""
    graph: dict[str, set[str]] = defaultdict(set)
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts == ("__init__",):
            continue
        layer = parts[0]
        for module in _imported(ast.parse(path.read_text(encoding="utf-8"))):
            target = module.split(".")[1]
            if target != layer:
                graph[layer].add(target)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """Return one import cycle between layers, or None."""
    state: dict[str, str] = {}

    def visit(node, path):
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return [*path[path.index(nxt):], nxt] if nxt in path else [node, nxt]
            if nxt not in state and (found := visit(nxt, [*path, nxt])):
                return found
        state[node] = "done"
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start, [start])):
            return found
    return None


def test_no_two_layers_import_each_other():
    assert _cycle(_layer_graph()) is None


def test_the_working_calendar_and_the_models_sit_low():
    graph = _layer_graph()
    assert graph["workcalendar"] <= {"extensions", "models", "persian"}
    assert graph["models"] <= {"persian"}
    assert graph.get("persian", set()) == set()
    assert "feedback" not in graph["reports"]


def test_services_do_not_import_the_web_layer():
    for path in PACKAGE.rglob("services.py"):
        web = {m for m in _imported(ast.parse(path.read_text(encoding="utf-8"))) if m.startswith("tracker.web")}
        assert not web, f"{path.relative_to(ROOT)} imports {web}"


def test_migrations_import_no_application_code():
    for path in sorted((ROOT / "migrations" / "versions").glob("*.py")):
        assert not _imported(ast.parse(path.read_text(encoding="utf-8"))), path.name
