"""Fetch the pinned front-end packages of frontend.json from the npm registry.

No Node.js needed: a package is a tarball; its sha512 integrity is checked before any file is
kept. Re-running is instant when nothing changed (a stamp records what was installed).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "frontend.json"
TARGET = ROOT / "podium" / "static" / "vendor"
STAMP = TARGET / ".installed"
REGISTRY = "https://registry.npmjs.org"
# Bump when the way files are copied changes, so that existing copies are fetched again.
STAMP_FORMAT = "2: source maps stripped\n"
SOURCE_MAP = re.compile(rb"(?://|/\*)# sourceMappingURL=[^\s*]+(?:\s*\*/)?")


def tarball_url(name: str, version: str) -> str:
    return f"{REGISTRY}/{name}/-/{name.rsplit('/', 1)[-1]}-{version}.tgz"


def verified(data: bytes, integrity: str, name: str) -> bytes:
    algorithm, expected = integrity.split("-", 1)
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        sys.exit(f"{name}: the download does not match its pinned integrity; refusing to use it")
    return data


def without_source_map(destination: str, data: bytes) -> bytes:
    """The file without its sourceMappingURL comment: the maps are not shipped, and
    `collectstatic` with hashed names in production fails on a reference to a missing file."""
    if not destination.endswith((".js", ".css")):
        return data
    return SOURCE_MAP.sub(b"", data)


def destinations(spec: dict) -> dict[str, Path]:
    """Where each file of a package goes: podium/static/vendor/, or the package's own `into`
    folder for packages only the tests use (they are not shipped with the static files)."""
    target = ROOT / spec["into"] if "into" in spec else TARGET
    return {source: target / destination for source, destination in spec["files"].items()}


def install(name: str, spec: dict) -> None:
    url = tarball_url(name, spec["version"])
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - fixed https URL
        data = verified(response.read(), spec["integrity"], name)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for source, path in destinations(spec).items():
            try:
                member = archive.extractfile(f"package/{source}")
            except KeyError:
                member = None
            if member is None:
                sys.exit(f"{name}@{spec['version']} has no file {source}")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(without_source_map(path.name, member.read()))


def main() -> None:
    lock_text = LOCK.read_text()
    packages = json.loads(lock_text)["packages"]
    every_file = [path for spec in packages.values() for path in destinations(spec).values()]
    if (
        STAMP.exists()
        and STAMP.read_text() == STAMP_FORMAT + lock_text
        and all(path.exists() for path in every_file)
    ):
        return
    for name, spec in packages.items():
        print(f"  front-end: {name}@{spec['version']}")  # noqa: T201 - a command-line tool
        install(name, spec)
    STAMP.write_text(STAMP_FORMAT + lock_text)


if __name__ == "__main__":
    main()
