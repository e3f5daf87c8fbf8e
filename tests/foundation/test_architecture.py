"""The layers stay pure. lint-imports checks the contracts too; this test makes the rule for
`domain` a whitelist (standard library and msgspec), so a new third-party import is caught."""

import ast
import sys
from pathlib import Path

ALLOWED = {
    "domain": {"msgspec", "domain"},
    "application": {"msgspec", "domain", "application"},
}


def _top_level_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_domain_and_application_import_only_what_they_may(project_root: Path) -> None:
    offenders: list[str] = []
    for layer, allowed in ALLOWED.items():
        for path in sorted((project_root / "src" / layer).rglob("*.py")):
            for name in _top_level_imports(path):
                if name not in allowed and name not in sys.stdlib_module_names:
                    offenders.append(f"{path.relative_to(project_root)} imports {name}")
    assert offenders == []


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("import psycopg\nfrom msgspec import Struct\nfrom . import x\n")
    assert _top_level_imports(module) == {"psycopg", "msgspec"}
