"""Starts the local stack: infrastructure, migrations, and each service role as its own
process, configured through the environment exactly as in production."""
import base64
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from services.platform.auth import TokenIssuer
from services.stack.infra import HOST, Nats, Postgres, Roles, create_database, free_port
from services.voting.keys import generate_settings as voting_key_settings

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("collection", "review", "voting")
ROLES = ("api", "relay", "consumer")
TOWNS_FILE = ROOT / "deploy" / "local" / "towns.json"


@dataclass
class ServiceProcess:
    service: str
    role: str
    grpc_port: int
    metrics_port: int
    process: subprocess.Popen

    @property
    def target(self) -> str:
        return f"{HOST}:{self.grpc_port}"


class LocalStack:
    def __init__(self, folder: Path, *, towns_file: Path = TOWNS_FILE, log_level: str = "INFO"):
        self.folder = folder
        self.nats = Nats(folder / "nats")
        self.pg = Postgres(folder / "postgres")
        self.roles = Roles()
        self.issuer = TokenIssuer.generate()
        self.towns = json.loads(towns_file.read_text(encoding="utf-8"))
        self.log_level = log_level
        self.processes: list[ServiceProcess] = []
        # The voting service's ballot key-encryption key and result signing key, fresh per stack.
        self.voting_keys = voting_key_settings()
        self.page_token_key = base64.b64encode(os.urandom(32)).decode("ascii")

    def start_infra(self) -> None:
        self.nats.start()
        self.pg.start()
        create_database(self.pg, self.roles)

    def database_url(self, role: str) -> str:
        user = {"migrate": self.roles.owner, "relay": self.roles.relay}.get(role, self.roles.app)
        return self.pg.url(user=user, database=self.roles.database)

    def env(self, service: str, role: str, grpc_port: int = 0, metrics_port: int = 0) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("MINSHENG_")}
        env.update(
            PYTHONPATH=f"{ROOT}{os.pathsep}{ROOT / 'services' / 'gen'}",
            MINSHENG_DATABASE_URL=self.database_url(role), MINSHENG_NATS_URL=self.nats.url,
            MINSHENG_GRPC_PORT=str(grpc_port), MINSHENG_METRICS_PORT=str(metrics_port),
            MINSHENG_JWT_PUBLIC_KEY=self.issuer.public_key_pem(), MINSHENG_TOWNS=json.dumps(self.towns),
            MINSHENG_LOG_LEVEL=self.log_level, MINSHENG_DB_APP_ROLE=self.roles.app,
            MINSHENG_DB_RELAY_ROLE=self.roles.relay)
        if role == "api":
            env["MINSHENG_PAGE_TOKEN_KEY"] = self.page_token_key
        if (service, role) == ("voting", "api"):  # least privilege: only it counts and signs
            env.update(self.voting_keys)
        return env

    def migrate(self) -> None:
        for service in SERVICES:
            with open(self.folder / f"{service}-migrate.log", "ab") as log:
                result = subprocess.run([sys.executable, "-m", f"services.{service}", "migrate"],
                                        env=self.env(service, "migrate"), cwd=ROOT, stdout=log,
                                        stderr=subprocess.STDOUT)
            if result.returncode != 0:
                raise RuntimeError(f"{service} migrations failed: see {log.name}")

    def start_service(self, service: str, role: str, **env_overrides: str) -> ServiceProcess:
        grpc_port, metrics_port = free_port(), free_port()
        env = self.env(service, role, grpc_port, metrics_port) | env_overrides
        log = open(self.folder / f"{service}-{role}-{grpc_port}.log", "ab")
        process = subprocess.Popen([sys.executable, "-m", f"services.{service}", role], env=env, cwd=ROOT,
                                   stdout=log, stderr=subprocess.STDOUT)
        started = ServiceProcess(service, role, grpc_port, metrics_port, process)
        self.processes.append(started)
        return started

    def start_services(self, services=SERVICES) -> None:
        for service in services:
            for role in ROLES:
                self.start_service(service, role)
        for started in self.processes:
            wait_serving(started)

    def api(self, service: str) -> ServiceProcess:
        return next(p for p in self.processes if p.service == service and p.role == "api")

    def stop_process(self, started: ServiceProcess, timeout: float = 20) -> int:
        if started.process.poll() is None:
            started.process.terminate()
        code = started.process.wait(timeout)
        self.processes.remove(started)
        return code

    def stop(self) -> None:
        for started in list(self.processes):
            try:
                self.stop_process(started)
            except subprocess.TimeoutExpired:
                started.process.kill()
        self.nats.stop()
        self.pg.stop()


def health_status(target: str, service: str = "") -> int:
    with grpc.insecure_channel(target) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        return stub.Check(health_pb2.HealthCheckRequest(service=service), timeout=2).status


def wait_serving(started: ServiceProcess, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if started.process.poll() is not None:
            raise RuntimeError(f"{started.service} {started.role} exited with {started.process.returncode}")
        try:
            if health_status(started.target) == health_pb2.HealthCheckResponse.SERVING:
                return
        except grpc.RpcError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{started.service} {started.role} not SERVING within {timeout}s")
