"""The demo year (`make demo`), its stages driven for one test town against the test stack:
the town ends with exactly one filed decision and one projects_adopted event, its proposers
are told the outcome, and the verify command the demo prints pins the signing key."""
import re
import shlex
import subprocess
import sys

import pytest

from minsheng.district.v1 import district_pb2 as district_pb
from minsheng.district.v1.district_pb2_grpc import DistrictServiceStub
from minsheng.events.v1.voting_events_pb2 import ProjectsAdopted
from minsheng.voting.v1 import voting_pb2 as pb
from minsheng.voting.v1.voting_pb2_grpc import VotingServiceStub
from services.platform import events
from services.stack.demo import run_demo
from services.stack.demo.common import DemoContext
from services.stack.runner import ROOT
from tests.events import collect, envelopes
from tests.helpers import staff_of, wait_for

pytestmark = pytest.mark.integration


async def test_a_demo_town_ends_with_one_filed_decision_and_one_projects_adopted_event(
        stack, channel_to, issuer, new_town, nats_client, sql, capsys):
    ctx = DemoContext(stack, only=(new_town,))
    await run_demo(ctx)
    printed = capsys.readouterr().out
    assert "proposers told by receipt code: 10 adopted, 2 not adopted" in printed

    voting = VotingServiceStub(channel_to("voting"))
    listed = await voting.GetCandidateList(pb.GetCandidateListRequest(
        name=f"towns/{new_town}/candidateLists/{ctx.year}"), metadata=staff_of(issuer, new_town))
    decision = listed.decision
    assert decision.state == pb.CandidateListDecision.DECIDED and len(decision.adopted) == 10
    filed = sql("SELECT p.poll_id FROM voting.results AS r JOIN voting.polls AS p USING (town_id, poll_id) "
                "WHERE r.town_id = %s AND r.state = 'FILED'", (new_town,))
    assert len(filed) == 1 and decision.final_poll.endswith(f"/polls/{filed[0][0]}")

    adopted = envelopes(await collect(nats_client.jetstream(),
                                      events.subject(new_town, "voting", "projects_adopted"), expected=1))
    assert len(adopted) == 1
    event = events.unpack(adopted[0])
    assert isinstance(event, ProjectsAdopted) and [p.candidate_id for p in event.adopted] == list(decision.adopted)
    assert all(p.responsible_unit and p.completion_deadline and p.budget_yuan for p in event.adopted)
    assert [r.poll for r in event.results] == [decision.final_poll]
    assert len(envelopes(await collect(nats_client.jetstream(), events.subject(new_town, "voting", "result_filed"),
                                       expected=1))) == 1
    # The district received the genuine filings and accepted them: the stack pins the voting
    # and evaluation keys.
    receipts = (await DistrictServiceStub(channel_to("district")).ListFilings(district_pb.ListFilingsRequest(
        parent=f"towns/{new_town}", year=ctx.year), metadata=staff_of(issuer, new_town))).filings
    assert sorted((f.kind, f.poll, f.accepted, list(f.problems), list(f.adopted)) for f in receipts) == [
        ("EVALUATION", f"towns/{new_town}/evaluations/{ctx.year}", True, [], []),
        ("VOTE", decision.final_poll, True, [], list(decision.adopted))]
    assert "filing (备案) accepted" in printed
    row = await DistrictServiceStub(channel_to("district")).GetTownYear(district_pb.GetTownYearRequest(
        name=f"towns/{new_town}/years/{ctx.year}"), metadata=staff_of(issuer, new_town))
    assert (row.counts.adopted, row.counts.filings_accepted) == (10, 1)  # from the read models, after the services
    assert "district report (read models)" in printed
    # The evaluation of the year: graded by secret ballot, the report's PDF written, 不满意 back in supervision.
    assert re.search(r"ballots; SATISFIED \d+, BASICALLY_SATISFIED [1-9]\d*, UNSATISFIED [1-9]", printed)
    assert (stack.folder / "results" / f"evaluation-{new_town}-{ctx.year}.pdf").read_bytes().startswith(b"%PDF")

    async def carried():
        return sql("SELECT count(*) FROM supervision.projects WHERE town_id = %s AND carry_overs @> %s::jsonb",
                   (new_town, '[{"cause": "UNSATISFACTORY_EVALUATION"}]')) == [(1,)]
    await wait_for(carried, what="the 不满意 project carried back into supervision")

    command = re.search(r"python -m services\.voting\.verify (\S+) --board (\S+) --public-key (\S+)", printed)
    assert command, "the printed verify command checks the bulletin board and pins the signing key"
    result_file, board_file = (command.group(i).replace("<town>", new_town) for i in (1, 2))
    checked = subprocess.run([sys.executable, "-m", "services.voting.verify", result_file, "--board", board_file,
                              "--public-key", command.group(3)], capture_output=True, text=True, cwd=ROOT,
                             env={"PYTHONPATH": f"{ROOT}:{ROOT / 'services' / 'gen'}"})
    assert checked.returncode == 0 and checked.stdout.startswith("OK"), shlex.join(checked.args) + checked.stdout
