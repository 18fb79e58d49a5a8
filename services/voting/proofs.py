"""Ballots' proofs checked in the platform's worker processes (services.platform.workers): on
threads the check held the GIL against the event loop, so every await of the casts' storing
waited for a switch (measured: 82 ms per group commit with the check on two threads,
tests/bench/ballots.py)."""
from services.ballotbox.box import Box, CheckedBallot
from services.platform import workers
from services.voting import metrics


async def check(box: Box, data: dict) -> CheckedBallot:
    """The ballot's JSON, parsed and every proof verified (Box.check), off the event loop."""
    checked, cpu = await workers.run(box.check, data)
    metrics.PROOF_CHECK_CPU.inc(cpu)
    return checked
