"""`make run` / `make demo` / `make token`: the whole system on its embedded NATS and
PostgreSQL. `run` loads the demo year and serves until SIGINT (Ctrl-C) or SIGTERM; `demo`
exits after printing; `serve` serves without the demo data; `token` prints a bearer token
for the running stack; `clean` stops what a killed run left and removes the folder."""
import argparse
import asyncio
import shutil
import signal
import sys
from pathlib import Path

from services.stack import StackError, state, tokens
from services.stack.demo import run_demo
from services.stack.demo.common import DemoContext, say
from services.stack.infra import alive, reset_folder
from services.stack.runner import FOLDER, GATEWAY, LocalStack


class Stopped(Exception):
    """SIGINT or SIGTERM: stop everything and exit 0."""


def _stop_on_signal(signum, _frame) -> None:
    raise Stopped(signal.Signals(signum).name)


def _print_addresses(stack: LocalStack) -> None:
    say("\n== Where everything listens")
    say(f"  NATS JetStream   {stack.nats.url}")
    say(f"  PostgreSQL       {stack.pg.url(user=stack.roles.app, database=stack.roles.database)}"
        f"{'' if stack.pg.durable else '  (not durable)'}")
    for p in stack.processes:
        say(f"  {p.service:<12} {p.role:<9} gRPC {p.target:<16} metrics http://127.0.0.1:{p.metrics_port}/metrics")
    gateway = stack.api(GATEWAY)
    say(f"  HTTP/JSON        {gateway.http_url}/v1/...  (every service's API, through the gateway)")
    say(f"  OpenAPI          {gateway.http_url}/docs  ({gateway.http_url}/openapi.json)")
    say(f"  AsyncAPI         {gateway.http_url}/asyncapi.json  (the events subscribers may receive)")
    say(f"  data and logs    {stack.folder}")


def _grpcurl() -> str:
    found = shutil.which("grpcurl", path=str(Path(sys.executable).parent)) or "grpcurl"
    try:
        return str(Path(found).relative_to(Path.cwd()))
    except ValueError:
        return found


def _print_usage(stack: LocalStack) -> None:
    town = stack.towns[0]["id"]
    command = stack.token_command(town, "staff")
    target = stack.api("collection").target
    say(f"  state, for scripts (JSON): {stack.folder / state.FILE}")
    say("\n== Call it by hand (roles: public, deputy, staff with TOWN; district without)")
    say(f"  {_grpcurl()} -plaintext {target} list")
    say(f"  {_grpcurl()} -plaintext -H \"authorization: Bearer $({command})\" \\\n"
        f"      -d '{{\"parent\": \"towns/{town}\", \"page_size\": 2}}' {target} "
        "minsheng.collection.v1.CollectionService/ListProposals")
    say("\n== Or over HTTP/JSON, through the gateway")
    say(f"  curl -H \"Authorization: Bearer $({command})\" \\\n"
        f"      '{stack.api(GATEWAY).http_url}/v1/towns/{town}/proposals?pageSize=2'")


def serve(mode: str, folder: Path) -> None:
    for signum in (signal.SIGINT, signal.SIGTERM):  # also when started in the background with SIGINT ignored
        signal.signal(signum, _stop_on_signal)
    stack = None
    try:
        reset_folder(folder)
        stack = LocalStack(folder)
        say("Starting NATS and PostgreSQL ...")
        stack.start_infra()
        stack.migrate()
        stack.start_services()
        if mode != "serve":
            asyncio.run(run_demo(DemoContext(stack)))
        _print_addresses(stack)
        if mode != "demo":
            _print_usage(stack)
            say("\nServing; a role that crashes is restarted. Press Ctrl-C to stop.")
            while True:
                signal.pause()
    except Stopped:
        pass
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, signal.SIG_IGN)
        if stack is not None:
            say("Stopping ...")
            stack.stop()


def token(folder: Path, town: str | None, role: str, subject: str | None, ttl: int, channel: str | None,
          unit: str | None) -> str:
    running = state.read(folder)
    if running is None or not alive(running["pid"]):
        raise StackError(f"no local stack is running in {folder}: start one with `make run`")
    return tokens.mint(folder, running["towns"], town, role, subject=subject, ttl_seconds=ttl, channel=channel,
                       unit=unit)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m services.stack")
    parser.add_argument("command", choices=("run", "demo", "serve", "token", "clean"))
    parser.add_argument("--folder", type=Path, default=FOLDER, help="the stack's data, logs and state")
    parser.add_argument("--town", help="token: the caller's town (none for the district role)")
    parser.add_argument("--role", default="staff", help="token: public, deputy, staff, unit, district or system")
    parser.add_argument("--channel", help="token: a system's channel, e.g. HOTLINE_12345")
    parser.add_argument("--unit", help="token: the implementing unit a unit role speaks for, e.g. 镇建设办")
    parser.add_argument("--subject", help="token: the caller's id (default: ROLE-TOWN)")
    parser.add_argument("--ttl", type=int, default=3600, help="token: seconds it is valid")
    args = parser.parse_args(argv)
    folder = args.folder.resolve()
    try:
        if args.command == "token":
            print(token(folder, args.town or None, args.role, args.subject, args.ttl, args.channel or None,
                        args.unit or None))
        elif args.command == "clean":
            reset_folder(folder)
            shutil.rmtree(folder)
        else:
            serve(args.command, folder)
    except StackError as error:
        sys.exit(f"{parser.prog} {args.command}: {error}")


if __name__ == "__main__":
    main(sys.argv[1:])
