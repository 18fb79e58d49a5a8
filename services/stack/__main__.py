"""`make run` / `make demo`: the whole system on its embedded NATS and PostgreSQL, with
the demo year. `run` serves until Ctrl-C; `demo` exits after printing."""
import asyncio
import signal
import sys

from services.stack.demo import run_demo
from services.stack.demo.common import DemoContext, say
from services.stack.infra import reset_folder
from services.stack.runner import ROOT, LocalStack

FOLDER = ROOT / ".stack"


def _print_addresses(stack: LocalStack) -> None:
    say("\n== Where everything listens")
    say(f"  NATS JetStream   {stack.nats.url}")
    say(f"  PostgreSQL       {stack.pg.url(user=stack.roles.app, database=stack.roles.database)}")
    for p in stack.processes:
        say(f"  {p.service:<12} {p.role:<9} gRPC {p.target:<16} metrics http://127.0.0.1:{p.metrics_port}/metrics")
    say(f"  data and logs    {FOLDER}")


def main(mode: str) -> None:
    reset_folder(FOLDER)
    stack = LocalStack(FOLDER)
    try:
        say("Starting NATS and PostgreSQL ...")
        stack.start_infra()
        stack.migrate()
        stack.start_services()
        asyncio.run(run_demo(DemoContext(stack)))
        _print_addresses(stack)
        if mode == "run":
            say("\nServing. Press Ctrl-C to stop.")
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
            signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        say("Stopping ...")
        stack.stop()


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in ("run", "demo"):
        raise SystemExit("usage: python -m services.stack {run|demo}")
    main(sys.argv[1])
