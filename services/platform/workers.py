"""CPU-bound pure work (checking a ballot's proofs) in worker processes, one per core, so that
it neither holds the GIL against the event loop nor waits for it. Workers are spawned, never
forked from the gRPC process. A pool whose worker died (killed, out of memory) is broken for
good, so it is replaced and the work given once more: it is pure, running it again is safe."""
import asyncio
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable

_pool: ProcessPoolExecutor | None = None


def _pool_of_workers() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ProcessPoolExecutor(max_workers=os.cpu_count() or 1,
                                    mp_context=multiprocessing.get_context("spawn"))
    return _pool


def _replace_broken(broken: ProcessPoolExecutor) -> None:
    global _pool
    if _pool is broken:
        _pool = None
    broken.shutdown(wait=False, cancel_futures=True)


def _timed(work: Callable, args: tuple) -> tuple[Any, float]:
    """In a worker: the work's result and the CPU time it took."""
    started = time.process_time()
    return work(*args), time.process_time() - started


async def run(work: Callable, *args) -> tuple[Any, float]:
    """`work(*args)` in a worker process: its result (or its exception) and its CPU seconds."""
    loop = asyncio.get_running_loop()
    pool = _pool_of_workers()
    try:
        return await loop.run_in_executor(pool, _timed, work, args)
    except BrokenProcessPool:
        _replace_broken(pool)
    return await loop.run_in_executor(_pool_of_workers(), _timed, work, args)
