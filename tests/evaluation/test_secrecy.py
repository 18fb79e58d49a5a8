"""Secrecy of the satisfaction assessment: what the service holds and publishes, its database
with every row and its signing key, its events and logs, opens no deputy's ballot. Who cast is
apart from the ballots, which name no deputy and no time; the application cannot change
either; identical choices are different ballots; the scrutineers' shares are nowhere in it."""
import json
import subprocess

import psycopg
import pytest

from minsheng.evaluation.v1 import evaluation_pb2 as pb
from services.ballotbox.group import encode
from tests.evaluation.test_assessment import assessed_year, ballot_of
from tests.events import collect

pytestmark = pytest.mark.integration


def test_the_application_can_only_add_to_who_cast_and_the_ballots(stack, sql):
    for table in ("ballots", "voters"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            sql(f"UPDATE evaluation.{table} SET round = round", role="app", town="xihu")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            sql(f"DELETE FROM evaluation.{table}", role="app", town="xihu")


def test_the_ballots_name_no_deputy_or_time(stack, sql):
    columns = sql("SELECT column_name, data_type, column_default FROM information_schema.columns "
                  "WHERE table_schema = 'evaluation' AND table_name = 'ballots' ORDER BY column_name")
    assert [c[0] for c in columns] == ["ballot_id", "entry", "round", "town_id", "tracking_hash", "year"]
    assert not [c for c in columns if c[2] or "time" in c[1] or "date" in c[1]]


async def test_nothing_the_service_holds_or_says_opens_a_ballot(stack, channel_to, issuer, new_town, other_town,
                                                               nats_client, sql):
    client, scrutineers, assessment = await assessed_year(channel_to, issuer, nats_client, sql, new_town, stack)
    same = ("满意", "满意", "满意")
    for n in (4, 5):  # not scrutineers, whom the key record names
        await client.stub.CastAssessmentBallot(pb.CastAssessmentBallotRequest(
            name=assessment.name, ballot=ballot_of(assessment, same), request_id=f"cast-{n}"), metadata=client.deputy(n))
    stored = [r[0] for r in sql("SELECT entry FROM evaluation.ballots WHERE town_id = %s", (new_town,))]
    assert len(stored) == 2 and stored[0]["selections"] != stored[1]["selections"]
    dump = subprocess.run([str(stack.pg.installation / "bin" / "pg_dump"), "--data-only", "--schema=evaluation",
                           stack.pg.url(user="postgres", database=stack.roles.database)],
                          capture_output=True, text=True, check=True).stdout
    secrets = [encode(state.share) for state in scrutineers.states]
    settings = "".join(f"{k}={v}" for k, v in stack.evaluation_keys.items())
    logs = "".join(p.read_text(encoding="utf-8", errors="replace") for p in stack.folder.glob("evaluation-*.log"))
    events = "".join(str(m.data) for m in await collect(nats_client.jetstream(),
                                                       f"minsheng.{new_town}.evaluation.>", expected=3))
    for place in (dump, settings, logs, events):
        assert not [s for s in secrets if s in place]
    for deputy in (f"deputy-{new_town}-004", f"deputy-{new_town}-005"):
        assert deputy not in dump and deputy not in logs and deputy not in events
    assert json.loads(assessment.key_record)["joint_key"]  # the public key is all the service has
