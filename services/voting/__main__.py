"""Voting (票决): roster, session, attendance, polls, secret ballots, signed results."""
from services.platform.process import main
from services.voting.service import SPEC

main(SPEC)
