"""Starts the local stack: infrastructure, migrations, and each service role as its own
process, configured through the environment exactly as in production."""
import base64
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from services import registry
from services.district.settings import settings_for as district_key_settings
from services.evaluation.settings import generate as evaluation_key_settings
from services.evaluation.settings import read as read_evaluation_settings
from services.platform import pseudonyms
from services.stack import state, tokens
from services.stack.infra import HOST, Nats, Postgres, Roles, create_database, free_port
from services.voting.settings import generate as voting_key_settings
from services.voting.settings import read as read_voting_settings

ROOT = Path(__file__).resolve().parents[2]
SERVICES = registry.SERVICES
ROLES = ("api", "relay", "consumer")
GATEWAY = registry.GATEWAY
TOWNS_FILE = ROOT / "deploy" / "local" / "towns.json"
CONSOLE_DIR = ROOT / "services" / "console" / "dist"  # make console builds it
FOLDER = ROOT / ".stack"  # make run's
SUBSCRIPTION_KEY_FILE = "gateway-subscription-key"
# A crashed role's restart delays: the first, and the longest; after STEADY seconds up, the first again.
RESTART_DELAYS = (0.5, 10.0)
STEADY = 30.0


@dataclass
class ServiceProcess:
    service: str
    role: str
    grpc_port: int
    metrics_port: int
    process: subprocess.Popen
    log: Path
    env: dict[str, str] = field(repr=False)
    # Restarted by the stack's supervisor when it exits, unless stopped through stop_process.
    supervised: bool = True
    restarts: int = 0
    started_at: float = field(default_factory=time.monotonic)
    restart_delay: float = 0.0
    restart_at: float | None = None
    # The gateway's api role also serves HTTP/JSON.
    http_port: int | None = None

    @property
    def target(self) -> str:
        return f"{HOST}:{self.grpc_port}"

    @property
    def http_url(self) -> str | None:
        return f"http://{HOST}:{self.http_port}" if self.http_port else None


def next_restart_delay(previous: float, stayed_up: float) -> float:
    """Exponential backoff, as Kubernetes restarts a crashing container: the first restart
    after RESTART_DELAYS[0], doubling up to RESTART_DELAYS[1] while the role keeps crashing,
    back to the first once it stayed up STEADY seconds."""
    first, longest = RESTART_DELAYS
    if previous == 0 or stayed_up >= STEADY:
        return first
    return min(previous * 2, longest)


def _kept_key(path: Path) -> str:
    """A key (base64 of 32 random bytes) kept in the stack's folder, readable by its owner only,
    made on first use: the gateway's subscription key, so that the subscribers of a restarted
    stack keep their secrets."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(base64.b64encode(os.urandom(32)).decode("ascii"))
    return path.read_text().strip()


class LocalStack:
    def __init__(self, folder: Path, *, towns_file: Path = TOWNS_FILE, log_level: str = "INFO",
                 durable: bool = True, extra_env: dict[str, str] | None = None):
        self.folder = folder
        self.nats = Nats(folder / "nats")
        self.pg = Postgres(folder / "postgres", durable=durable)
        self.roles = Roles()
        self.issuer = tokens.issuer_for(folder)
        self.towns = json.loads(towns_file.read_text(encoding="utf-8"))
        self.log_level = log_level
        self.processes: list[ServiceProcess] = []
        # The voting service's result signing key, fresh per stack.
        self.voting_keys = voting_key_settings()
        # The evaluation service's report signing key.
        self.evaluation_keys = evaluation_key_settings()
        # Voting's and evaluation's shared key of attendance digests.
        self.attendance_digest_key = pseudonyms.new_key()
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._supervisor: threading.Thread | None = None
        self.page_token_key = base64.b64encode(os.urandom(32)).decode("ascii")
        self.subscription_key = _kept_key(folder / SUBSCRIPTION_KEY_FILE)
        # Settings for every process beyond the stack's own (e.g. the tests' quick delivery retries).
        self.extra_env = extra_env or {}

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
            env.update(self.voting_keys, **{pseudonyms.KEY_ENV: self.attendance_digest_key})
        if (service, role) == ("evaluation", "api"):  # only it signs the written reports
            env.update(self.evaluation_keys, **{pseudonyms.KEY_ENV: self.attendance_digest_key})
        if (service, role) == ("district", "consumer"):  # every town pinned to the services' keys
            env.update(district_key_settings(self.signing_public_keys()))
        if service == GATEWAY:  # a development stack: subscribers may listen on the loopback
            env["MINSHENG_GATEWAY_ALLOW_LOOPBACK_HTTP"] = "true"
            env["MINSHENG_GATEWAY_SUBSCRIPTION_KEY"] = self.subscription_key
        if (service, role) == (GATEWAY, "api"):  # the console, with the demo users' sign-in, when built
            env["MINSHENG_GATEWAY_LOCAL_SIGN_IN_KEY_FILE"] = str(self.folder / tokens.KEY_FILE)
            if (CONSOLE_DIR / "index.html").is_file():
                env["MINSHENG_CONSOLE_DIR"] = str(CONSOLE_DIR)
        return env | self.extra_env

    def signing_public_keys(self) -> dict[str, bytes]:
        """The public keys of the voting and evaluation services, which sign what towns file."""
        return {"voting": read_voting_settings(self.voting_keys, "api", []).keys.public_key,
                "evaluation": read_evaluation_settings(self.evaluation_keys, "api", []).signer.public_key}

    def migrate(self) -> None:
        for service in (*SERVICES, GATEWAY):
            with open(self.folder / f"{service}-migrate.log", "ab") as log:
                result = subprocess.run([sys.executable, "-m", f"services.{service}", "migrate"],
                                        env=self.env(service, "migrate"), cwd=ROOT, stdout=log,
                                        stderr=subprocess.STDOUT)
            if result.returncode != 0:
                raise RuntimeError(f"{service} migrations failed: see {log.name}")

    @staticmethod
    def _spawn(service: str, role: str, env: dict[str, str], log: Path) -> subprocess.Popen:
        with open(log, "ab") as output:  # its own session: a Ctrl-C meant for the stack is not its own
            return subprocess.Popen([sys.executable, "-m", f"services.{service}", role], env=env, cwd=ROOT,
                                    stdout=output, stderr=subprocess.STDOUT, start_new_session=True)

    def start_service(self, service: str, role: str, *, supervised: bool = True,
                      **env_overrides: str) -> ServiceProcess:
        """Starts a role on free ports. An unsupervised one is not restarted when it exits
        (for a test that stops or kills it itself)."""
        grpc_port, metrics_port = free_port(), free_port()
        env = self.env(service, role, grpc_port, metrics_port)
        http_port = None
        if (service, role) == (GATEWAY, "api"):
            http_port = free_port()
            env.update(MINSHENG_HTTP_PORT=str(http_port), MINSHENG_GATEWAY_TARGETS=json.dumps(
                {p.service: p.target for p in self.processes if p.role == "api" and p.service in SERVICES}))
        env |= env_overrides
        log = self.folder / f"{service}-{role}-{grpc_port}.log"
        started = ServiceProcess(service, role, grpc_port, metrics_port, self._spawn(service, role, env, log),
                                 log, env, supervised, http_port=http_port)
        with self._lock:
            self.processes.append(started)
            self.write_state()
            if self._supervisor is None:
                self._supervisor = threading.Thread(target=self._supervise, name="stack-supervisor", daemon=True)
                self._supervisor.start()
        return started

    def start_services(self, services=SERVICES) -> None:
        """Starts the services' roles, then the gateway in front of their apis."""
        for service in services:
            for role in ROLES:
                self.start_service(service, role)
        for role in registry.GATEWAY_ROLES:
            self.start_service(GATEWAY, role)
        for started in self.processes:
            wait_serving(started)

    def api(self, service: str) -> ServiceProcess:
        return next(p for p in self.processes if p.service == service and p.role == "api")

    def stop_process(self, started: ServiceProcess, timeout: float = 20) -> int:
        with self._lock:  # no longer supervised: the supervisor restarts only what is listed
            self.processes.remove(started)
            self.write_state()
        if started.process.poll() is None:
            started.process.terminate()
        return started.process.wait(timeout)

    def _supervise(self) -> None:
        while not self._stopping.wait(0.1):
            with self._lock:
                for started in self.processes:
                    if started.supervised:
                        self._look_after(started)

    def _look_after(self, started: ServiceProcess) -> None:
        """Notices a role that exited and restarts it, on the same ports, after a backoff."""
        now = time.monotonic()
        if started.restart_at is None:
            if (code := started.process.poll()) is None:
                return
            started.restart_delay = next_restart_delay(started.restart_delay, now - started.started_at)
            started.restart_at = now + started.restart_delay
            print(f"{started.service} {started.role} exited with {code}, "
                  f"restarting in {started.restart_delay:.1f} s", flush=True)
        elif now >= started.restart_at:
            started.process = self._spawn(started.service, started.role, started.env, started.log)
            started.restarts += 1
            started.started_at, started.restart_at = now, None
            self.write_state()

    def write_state(self) -> None:
        """The operator's view (services.stack.state), kept current as roles start and stop."""
        with self._lock:
            state.write(self.folder, {
                "pid": os.getpid(),
                "folder": str(self.folder),
                "nats": {"url": self.nats.url, "pid": self.nats.process and self.nats.process.pid,
                         "folder": str(self.nats.folder), "log": str(self.nats.log)},
                "postgres": {"url": self.database_url("api"), "superuser_url": self.pg.url(),
                             "pid": self.pg.pid, "folder": str(self.pg.home), "log": str(self.pg.log),
                             "durable": self.pg.durable},
                "roles": [{"service": p.service, "role": p.role, "pid": p.process.pid, "grpc": p.target,
                           "metrics": f"http://{HOST}:{p.metrics_port}/metrics", "log": str(p.log),
                           "restarts": p.restarts} | ({"http": p.http_url} if p.http_port else {})
                          for p in self.processes],
                "towns": [town["id"] for town in self.towns],
                "token": {"command": self.token_command(self.towns[0]["id"], "staff"),
                          "signing_key": str(self.folder / tokens.KEY_FILE)},
            })

    def token_command(self, town: str, role: str) -> str:
        """The shell command that prints a token for this stack (run in the checkout)."""
        command = f"make -s token TOWN={town} ROLE={role}"
        return command if self.folder == FOLDER else f"{command} STACK={self.folder}"

    def stop(self, timeout: float = 20) -> None:
        """Stops every role at once (each drains on SIGTERM, killed after `timeout`), then NATS and PostgreSQL."""
        self._stopping.set()
        if self._supervisor is not None:
            self._supervisor.join()
        stopping = list(self.processes)
        for started in stopping:
            if started.process.poll() is None:
                started.process.terminate()
        deadline = time.monotonic() + timeout
        for started in stopping:
            try:
                started.process.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                started.process.kill()
                started.process.wait()
        self.processes.clear()
        self.nats.stop()
        self.pg.stop()
        state.remove(self.folder)


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
