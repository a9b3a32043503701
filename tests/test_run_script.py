"""The two commands: the README shows them, CI runs exactly the second, the script is sound."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def test_it_shows_the_two_commands_first_in_the_readme() -> None:
    first_block = re.search(r"```[^\n]*\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    assert first_block is not None
    assert first_block.group(1).strip().splitlines() == ["./run demo", "./run test"]


def test_it_runs_exactly_the_readme_test_command_in_ci() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    assert ci.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in ci
    assert ci.strip().splitlines()[-1] == "exec ./run test"


def test_it_is_valid_bash_and_explains_itself() -> None:
    subprocess.run(["bash", "-n", str(ROOT / "run")], check=True)  # noqa: S603, S607
    usage = subprocess.run(  # noqa: S603
        [str(ROOT / "run"), "--help"], capture_output=True, text=True, check=True, timeout=30
    )
    assert "./run demo [--reset]" in usage.stdout
    assert "./run test [PYTEST ARGS]" in usage.stdout

    wrong = subprocess.run(  # noqa: S603
        [str(ROOT / "run"), "deploy"], capture_output=True, text=True, check=False, timeout=30
    )
    assert wrong.returncode != 0
    assert "Usage:" in wrong.stderr


def pinned(path: Path) -> dict[str, str]:
    """Package name -> version of a requirements file (and the files it includes)."""
    pins: dict[str, str] = {}
    for raw in path.read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("-r "):
            pins |= pinned(path.parent / line[3:].strip())
            continue
        requirement = Requirement(line)
        specifiers = list(requirement.specifier)
        assert len(specifiers) == 1 and specifiers[0].operator == "==", f"{path.name}: {line}"
        pins[canonicalize_name(requirement.name)] = specifiers[0].version
    return pins


def test_it_pins_every_dependency_of_the_project() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = pinned(ROOT / "requirements.txt")
    with_tests = pinned(ROOT / "requirements-test.txt")
    for line in project["dependencies"]:
        name = canonicalize_name(Requirement(line).name)
        assert name in runtime, f"{name} is in pyproject.toml but not pinned in requirements.txt"
    for line in project["optional-dependencies"]["test"]:
        name = canonicalize_name(Requirement(line).name)
        assert name in with_tests, f"{name} is not pinned in requirements-test.txt"
