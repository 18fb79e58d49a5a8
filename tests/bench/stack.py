"""The stack a bench runs on: the local stack, durable, in a folder of its own that is
removed after (a bulk run leaves gigabytes)."""
import contextlib
import shutil
import tempfile
from pathlib import Path
from typing import Iterator, Sequence

from services.stack.infra import reset_folder
from services.stack.runner import SERVICES, LocalStack


@contextlib.contextmanager
def bench_stack(services: Sequence[str] = SERVICES, *, prefix: str = "minsheng-bench-") -> Iterator[LocalStack]:
    """A started stack with these services, stopped and removed after."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    reset_folder(folder)
    stack = LocalStack(folder, log_level="WARNING")
    try:
        stack.start_infra()
        stack.migrate()
        stack.start_services(services)
        yield stack
    finally:
        stack.stop()
        shutil.rmtree(folder, ignore_errors=True)
