"""Front-end tools the browser tests run, from the npm registry, installed once into .cache/<name> by version.

Nothing is fetched at run time: a package is installed on first use (the CI's first run) and read from disk after.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def install_npm_package(name: str, version: str, folder: Path | None = None) -> Path:
    """The installed package's folder (`node_modules/<name>`), after `npm install name@version` if it is missing."""
    folder = folder or REPO / ".cache" / name
    installed = folder / "node_modules" / name
    if not (installed / "package.json").is_file() or _installed_version(installed) != version:
        folder.mkdir(parents=True, exist_ok=True)
        npm = ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(folder), f"{name}@{version}"]
        subprocess.run(npm, check=True, timeout=600)
    return installed


def _installed_version(installed: Path) -> str:
    return json.loads((installed / "package.json").read_text(encoding="utf-8")).get("version", "")
