"""The platform's worker processes for CPU-bound pure work: results, errors, and a pool whose
workers died replaced rather than failing every later call."""
import asyncio
import os
import signal

import pytest

from services.platform import workers


async def test_work_runs_in_another_process_with_its_cpu_time():
    pid, cpu = await workers.run(os.getpid)
    assert pid != os.getpid() and cpu >= 0
    with pytest.raises(ZeroDivisionError):
        await workers.run(divmod, 1, 0)


async def test_a_pool_whose_workers_died_is_replaced():
    await workers.run(os.getpid)
    dead = workers._pool
    for process in list(dead._processes.values()):
        os.kill(process.pid, signal.SIGKILL)
    await asyncio.sleep(0.5)  # the executor notices and breaks
    assert await workers.run(pow, 2, 10) == (1024, pytest.approx(0, abs=1))
    assert workers._pool is not dead
