"""The operator's view of a running local stack, for scripts: one JSON file in its folder
(addresses, pids, logs and data folders, how to get a token), rewritten whenever it changes."""
import json
import os
from pathlib import Path

FILE = "state.json"


def write(folder: Path, view: dict) -> None:
    staging = folder / (FILE + ".new")
    staging.write_text(json.dumps(view, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(staging, folder / FILE)  # a reader never sees half a file


def read(folder: Path) -> dict | None:
    try:
        return json.loads((folder / FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def remove(folder: Path) -> None:
    (folder / FILE).unlink(missing_ok=True)
