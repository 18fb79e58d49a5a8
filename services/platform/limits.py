"""Limits that more than one stage of the loop must agree on.

Review approves the candidate list and voting puts it on one ballot: if review allowed a
list voting cannot take, the list would be dead-lettered after the party committee approved
it. Both services import these numbers from here, so neither depends on the other."""

# Candidates on one ballot (one candidate list).
MAX_CANDIDATES = 100
# Seats (应选数) of one list: at most every candidate, on a town's equal list.
MAX_SEATS = MAX_CANDIDATES
