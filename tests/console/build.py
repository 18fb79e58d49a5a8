"""The console's build for the tests: `npm ci` when node_modules is missing or older than the
lock file, `npm run build` when dist is missing or older than any source file, else nothing
(what `make console` does, without make)."""
import subprocess
from pathlib import Path

CONSOLE = Path(__file__).resolve().parents[2] / "services" / "console"
DIST = CONSOLE / "dist"
SOURCES = ("src", "index.html", "vite.config.js", "package-lock.json")


def _newest(*paths: Path) -> float:
    return max((f.stat().st_mtime for p in paths for f in ([p] if p.is_file() else p.rglob("*")) if f.is_file()),
               default=0.0)


def node_modules() -> None:
    marker = CONSOLE / "node_modules" / ".package-lock.json"
    if not marker.exists() or marker.stat().st_mtime < (CONSOLE / "package-lock.json").stat().st_mtime:
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=CONSOLE, check=True, capture_output=True)


def built() -> Path:
    node_modules()
    index = DIST / "index.html"
    if not index.exists() or index.stat().st_mtime < _newest(*(CONSOLE / s for s in SOURCES)):
        subprocess.run(["npm", "run", "build"], cwd=CONSOLE, check=True, capture_output=True)
    return DIST
