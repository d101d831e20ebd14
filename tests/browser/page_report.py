"""The page crawl's measures: the Nu HTML checker run over every page at once, and the per-page table."""
import json
import os
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

SERIOUS = ("serious", "critical")
# Where the crawl leaves its summary lines for the terminal report (tests/browser/conftest.py).
CRAWL_SUMMARY = pytest.StashKey[list]()
# Where .ci/run installs the npm package vnu-jar (outside the repository); VNU_JAR overrides it.
TOOLS = Path(os.environ.get("PEYVAND_TOOLS", Path.home() / ".cache" / "peyvand-tools"))
VNU_JAR = Path(os.environ.get("VNU_JAR", TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"))


def nu_unavailable() -> str | None:
    """Say why the Nu checker cannot run here, or None when it can."""
    if shutil.which("java") is None:
        return "java is not installed: the Nu HTML checker needs it"
    if not VNU_JAR.is_file():
        return f"vnu.jar is not at {VNU_JAR}: .ci/run installs the npm package vnu-jar there (or set VNU_JAR)"
    return None


def run_nu(pages: dict[str, str], folder: Path) -> dict[str, dict]:
    """Check every page's HTML in one Java run; return errors and warnings per key of pages."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for n, (key, html) in enumerate(sorted(pages.items())):
        path = folder / f"{n:04d}.html"
        path.write_text(html, encoding="utf-8")
        files[path.resolve().as_uri().replace("file:///", "file:/")] = key
    command = ["java", "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--exit-zero-always"]
    done = subprocess.run([*command, *map(str, sorted(folder.glob("*.html")))],
                          capture_output=True, text=True, timeout=600, check=True)
    found = {key: {"errors": 0, "warnings": 0, "messages": []} for key in pages}
    for message in json.loads(done.stdout)["messages"]:
        key = files.get(message.get("url"))
        if key is None:
            raise AssertionError(f"the Nu checker failed outside a page: {message}")
        if message["type"] == "error" or message["type"] == "non-document-error":
            found[key]["errors"] += 1
            found[key]["messages"].append(f"{message.get('lastLine', '?')}: {message['message']}")
        elif message.get("subType") == "warning":
            found[key]["warnings"] += 1
    return found


def axe_counts(violations: list[dict]) -> tuple[int, int, list[str]]:
    """Return serious-or-critical rules, their nodes, and those rules' ids."""
    bad = [v for v in violations if v["impact"] in SERIOUS]
    return len(bad), sum(v["nodes"] for v in bad), sorted(v["id"] for v in bad)


def per_page(report: dict) -> dict[str, dict]:
    """Fold the visits into one row per page: worst overflow, axe at each width, Nu errors (all roles)."""
    rows = defaultdict(lambda: {"roles": set(), "overflow": {}, "axe": {}, "axe_nodes": {}, "rules": set(),
                                "nu": 0, "nu_roles": 0})
    for visit in report["visits"]:
        row = rows[visit["page"]]
        row["roles"].add(visit["role"])
        width = visit["width"]
        row["overflow"][width] = max(row["overflow"].get(width, 0), visit["overflow"])
        rules, nodes, ids = axe_counts(visit["axe"])
        row["axe"][width] = max(row["axe"].get(width, 0), rules)
        row["axe_nodes"][width] = max(row["axe_nodes"].get(width, 0), nodes)
        row["rules"].update(ids)
    for key, nu in (report.get("nu") or {}).items():
        page = key.split("|")[0]
        rows[page]["nu"] = max(rows[page]["nu"], nu["errors"])
        rows[page]["nu_roles"] += 1 if nu["errors"] else 0
    return dict(rows)


def markdown(report: dict) -> str:
    """Return the per-page table: worst role's overflow at 360, axe serious+critical at both widths, Nu errors."""
    widths = report["meta"]["widths"]
    small, large = min(widths), max(widths)
    head = (f"| page | roles | overflow at {small} px (worst role) | axe serious+critical at {small}: rules (nodes) "
            f"| at {large}: rules (nodes) | rule ids | Nu errors (worst role) |")
    lines = [head, "|" + "---|" * 7]
    for page, row in sorted(per_page(report).items()):
        over = row["overflow"].get(small, 0)
        nu = "—" if not report.get("nu") else str(row["nu"])
        lines.append(
            f"| {page} | {', '.join(sorted(row['roles']))} | {over if over > 0 else 0} "
            f"| {row['axe'].get(small, 0)} ({row['axe_nodes'].get(small, 0)}) "
            f"| {row['axe'].get(large, 0)} ({row['axe_nodes'].get(large, 0)}) "
            f"| {', '.join(sorted(row['rules'])) or '—'} | {nu} |"
        )
    return "\n".join(lines) + "\n"


def summary(report: dict) -> list[str]:
    """Return a few lines of totals for the terminal."""
    rows = per_page(report)
    small = min(report["meta"]["widths"])
    visits = report["visits"]
    wide = sorted((p for p, r in rows.items() if r["overflow"].get(small, 0) > 0),
                  key=lambda p: -rows[p]["overflow"][small])
    bad_axe = [v for v in visits if axe_counts(v["axe"])[0]]
    nu = report.get("nu") or {}
    lines = [
        f"{len(rows)} pages, {len(visits)} visits (page x role x width) in {report['meta']['seconds']:.0f} s",
        f"wider than {small} px: {len(wide)} pages: "
        + ", ".join(f"{p} (+{rows[p]['overflow'][small]})" for p in wide[:12]) + (" ..." if len(wide) > 12 else ""),
        f"axe serious/critical: {len(bad_axe)} of {len(visits)} visits, "
        f"{sum(axe_counts(v['axe'])[1] for v in visits)} nodes",
        (f"Nu errors: {sum(n['errors'] for n in nu.values())} in {sum(1 for n in nu.values() if n['errors'])} "
         f"of {len(nu)} page/role documents" if nu else f"Nu checker not run: {report['meta'].get('nu_skipped')}"),
        f"details: {report['meta']['folder']}/pages.json, pages.md and the screenshots",
    ]
    return lines
