"""Secrecy: who voted is apart from what was voted, and nothing else links them."""
import urllib.request

import psycopg
import pytest

from minsheng.events.v1 import voting_events_pb2 as ev
from minsheng.events.v1.envelope_pb2 import Envelope
from minsheng.voting.v1 import voting_pb2 as pb
from services.platform import events
from tests.helpers import staff_of, wait_for
from tests.voting.conftest import ballot, open_poll

pytestmark = pytest.mark.integration


def test_the_application_can_only_add_to_who_voted_and_the_ballots(stack, sql):
    for table in ("ballots", "ballots_cast"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            sql(f"UPDATE voting.{table} SET poll_id = poll_id", role="app", town="xihu")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            sql(f"DELETE FROM voting.{table}", role="app", town="xihu")


def test_the_ballot_table_has_no_deputy_time_or_sequence_column(stack, sql):
    columns = sql("SELECT column_name, data_type, column_default FROM information_schema.columns "
                  "WHERE table_schema = 'voting' AND table_name = 'ballots' ORDER BY column_name")
    assert [c[0] for c in columns] == ["poll_id", "sealed", "town_id", "tracking_code"]
    assert not [c for c in columns if c[2] or "time" in c[1] or "date" in c[1]]
    assert sql("SELECT column_name FROM information_schema.columns WHERE table_schema = 'voting' "
               "AND table_name = 'ballots_cast' ORDER BY column_name") == [("deputy_id",), ("poll_id",), ("town_id",)]


async def test_no_identity_or_content_in_events_logs_metrics_and_identical_votes_differ(
        voting, issuer, prepare, nats_client, sql, stack):
    received: list[Envelope] = []

    async def collect(message):
        received.append(Envelope.FromString(message.data))
    subscription = await nats_client.subscribe("minsheng.taoluo.voting.>", cb=collect)
    s = await prepare("taoluo", seated=4, present=4, candidates=3, seats=1)
    staff = staff_of(issuer, s.town)
    poll = await open_poll(voting, issuer, s)
    codes = []
    for deputy in s.deputies:
        response = await voting.CastBallot(pb.CastBallotRequest(
            poll=poll.name, choices=ballot(s.candidate_ids, "FA-")), metadata=issuer.metadata(deputy, s.town, "deputy"))
        codes.append(response.tracking_code)
    poll_id = poll.name.rsplit("/", 1)[1]
    ciphertexts = sql("SELECT sealed FROM voting.ballots WHERE poll_id = %s", (poll_id,))
    assert len({bytes(c[0]) for c in ciphertexts}) == 4  # the same vote four times, four ciphertexts
    assert len({len(c[0]) for c in ciphertexts}) == 1    # and their sizes say nothing
    await voting.ClosePoll(pb.ClosePollRequest(name=poll.name), metadata=staff)
    await voting.FileResult(pb.FileResultRequest(poll=poll.name), metadata=staff)

    async def filed():
        return any(e.event_type == "result_filed" and e.aggregate_id == poll.name for e in received)
    await wait_for(filed, what="the ResultFiled event")
    await subscription.unsubscribe()
    mine = [e for e in received if e.aggregate_id in (poll.name, s.session)]
    assert [e.event_type for e in mine] == ["session_opened", "attendance_recorded", "poll_opened"] + \
        ["ballot_accepted"] * 4 + ["poll_closed", "result_announced", "result_filed"]
    for envelope in mine:
        if envelope.event_type == "ballot_accepted":
            assert events.unpack(envelope) == ev.BallotAccepted(poll=poll.name)
        published = envelope.event_type in ("result_announced", "result_filed")  # the result lists the codes
        for secret in s.deputies + ([] if published else codes):
            assert secret.encode() not in envelope.SerializeToString()
    metrics = urllib.request.urlopen(f"http://127.0.0.1:{stack.api('voting').metrics_port}/metrics").read().decode()
    logs = "".join(p.read_text(errors="replace") for p in stack.folder.glob("voting-*.log"))
    for secret in [*codes, *s.deputies]:
        assert secret not in metrics and secret not in logs
    assert "minsheng_rpc_requests_total" in metrics and "CastBallot" in metrics
