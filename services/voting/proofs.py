"""Ballots' proofs checked in worker processes, one per core: the check is CPU-bound Python
around libsodium, and on threads it held the GIL against the event loop, so every await of
the casts' storing waited for a switch (measured: 82 ms per group commit with the check on two
threads, tests/bench/ballots.py). Workers are spawned, never forked from the gRPC process."""
import asyncio
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor

from services.ballotbox.box import Box, CheckedBallot
from services.voting import metrics

_pool: ProcessPoolExecutor | None = None


def _pool_of_workers() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ProcessPoolExecutor(max_workers=os.cpu_count() or 1,
                                    mp_context=multiprocessing.get_context("spawn"))
    return _pool


def _check(box: Box, data: dict) -> tuple[CheckedBallot, float]:
    """In a worker: the checked ballot (or Invalid raised) and the CPU time the check took."""
    started = time.process_time()
    checked = box.check(data)
    return checked, time.process_time() - started


async def check(box: Box, data: dict) -> CheckedBallot:
    """The ballot's JSON, parsed and every proof verified (Box.check), off the event loop."""
    checked, cpu = await asyncio.get_running_loop().run_in_executor(_pool_of_workers(), _check, box, data)
    metrics.PROOF_CHECK_CPU.inc(cpu)
    return checked
