"""Voting (票决): the deputies' secret, once-only, verifiable ballots at the town congress session."""
