"""The cast's cost in two parts, for the benchmark and the dashboards: the proofs' check (CPU,
in worker processes) and the storing of the checked ballots (wall time of the group
commits' use case, which run one at a time per town); and the close's homomorphic tally."""
from prometheus_client import Counter

PROOF_CHECK_CPU = Counter("minsheng_voting_proof_check_cpu_seconds", "CPU time checking ballots' proofs")
CAST_STORE_SECONDS = Counter("minsheng_voting_cast_store_seconds",
                             "Wall time storing checked ballots (group commits' use case, commit excluded)")
CAST_STORE_GROUPS = Counter("minsheng_voting_cast_store_groups", "Group commits of checked ballots")
# The close adds up the stored ballots' ciphertexts (2.4 ms of CPU a ballot of 20 candidates, on
# the event loop): the homomorphic tally, which casts no longer do.
CLOSE_SUMS_CPU = Counter("minsheng_voting_close_sums_cpu_seconds", "CPU time summing the stored ballots at the close")
