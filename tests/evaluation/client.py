"""A town's year as the evaluation service hears of it, for tests: supervision's record of
its projects and voting's session of the next year with its attendance, published as their
relays would, and the evaluation API's callers."""
import base64
import json

from minsheng.common.v1.ballot_box_pb2 import EncryptedBallot, PartialDecryption, PublicKeyRecord
from minsheng.evaluation.v1 import evaluation_pb2 as pb
from minsheng.evaluation.v1.evaluation_pb2_grpc import EvaluationServiceStub
from minsheng.events.v1 import supervision_events_pb2 as sv
from minsheng.events.v1 import voting_events_pb2 as vt
from services.ballotbox import trustee
from services.ballotbox.ballot import encrypt_ballot
from services.ballotbox.ceremony import Ceremony, KeyRecord
from services.ballotbox.poll import Manifest, context
from services.platform import events
from services.platform.pseudonyms import attendance_digest
from tests.events import publish_envelope
from tests.helpers import staff_of, wait_for

YEAR = 2023
SESSION_DATE = "2024-02-20"
SEATED = 10


def deputy(town: str, n: int) -> str:
    return f"deputy-{town}-{n:03d}"


class Evaluation:
    def __init__(self, channel, issuer, town: str):
        self.stub = EvaluationServiceStub(channel)
        self.issuer = issuer
        self.town = town
        self.staff = staff_of(issuer, town)
        self.session = f"towns/{town}/sessions/s-{YEAR + 1}"
        self.name = f"towns/{town}/evaluations/{YEAR}"
        self.published: list[str] = []

    def deputy(self, n: int):
        return self.issuer.metadata(deputy(self.town, n), self.town, "deputy")

    def project(self, n: int) -> str:
        return f"towns/{self.town}/projects/{YEAR}-{n}"

    async def publish(self, js, source: str, aggregate: str, payloads, first: int = 1) -> None:
        for sequence, payload in enumerate(payloads, first):
            envelope = events.new_envelope(town_id=self.town, source=source, aggregate_id=aggregate,
                                           aggregate_sequence=sequence, payload=payload)
            await publish_envelope(js, envelope.SerializeToString())
            self.published.append(envelope.event_id)

    async def supervised(self, js, n: int, *, completed_on: str | None = "2023-10-01",
                         carried_over: str = "") -> None:
        """Project n of the year: completed on that date (after the deadline 2023-10-31: late), or
        carried over with that explanation, or neither (unfinished)."""
        p = self.project(n)
        payloads = [sv.ProjectRegistered(project=p, year=YEAR, adoption_rank=n, title=f"道路硬化{n}号",
                                         budget_yuan=100000 * n, responsible_unit="镇建设办",
                                         completion_deadline="2023-10-31"),
                    sv.ProgressReported(project=p, report_date="2023-06-01", percent_complete=60,
                                        spent_yuan=50000 * n)]
        if completed_on:
            payloads += [sv.CompletionReported(project=p, report_date=completed_on, spent_yuan=90000 * n),
                         sv.ProjectCompleted(project=p, year=YEAR, supervision_year=YEAR, spent_yuan=90000 * n)]
        if carried_over:
            payloads.append(sv.ProjectCarriedOver(project=p, year=YEAR, into_year=YEAR + 1, cause=sv.UNFINISHED,
                                                  explanation=carried_over, completion_deadline="2024-06-30",
                                                  percent_complete=60))
        await self.publish(js, "supervision", p, payloads)

    async def session_held(self, js, stack, present: range) -> None:
        """The session of the next year opened, with these deputies present (digests under the
        stack's key, as the voting service makes them)."""
        key = base64.b64decode(stack.attendance_digest_key)
        digests = sorted(attendance_digest(key, self.session, deputy(self.town, n)) for n in present)
        await self.publish(js, "voting", self.session, [
            vt.SessionOpened(session=self.session, term="19", title="第十九届人民代表大会第四次会议",
                             session_date=SESSION_DATE, seated_count=SEATED, quorum_required=6),
            vt.AttendanceRecorded(session=self.session, present_count=len(digests), seated_count=SEATED,
                                  quorum_met=True, present_digests=digests)])

    async def key_ceremony_completed(self, js, record: KeyRecord) -> None:
        """Voting's event once the session's scrutineers all confirmed the joint key."""
        await self.publish(js, "voting", self.session, [vt.KeyCeremonyCompleted(
            session=self.session, key=PublicKeyRecord(ceremony=record.ceremony.ceremony_id,
                                                      key_record=json.dumps(record.to_json()),
                                                      fingerprint=record.fingerprint()))], first=3)

    async def heard(self, sql) -> None:
        """Waits until every event published by this client is applied (the inbox holds its id)."""
        async def arrived():
            rows = sql("SELECT count(*) FROM evaluation.inbox WHERE event_id = ANY(%s)", (self.published,))
            return rows[0][0] == len(self.published)
        await wait_for(arrived, what="the evaluation service's read models")

    async def open(self, **changes) -> pb.Evaluation:
        fields = dict(year=YEAR, session=self.session) | changes
        return await self.stub.OpenEvaluation(pb.OpenEvaluationRequest(
            parent=f"towns/{self.town}", evaluation=pb.Evaluation(**fields)), metadata=self.staff)

    async def get(self) -> pb.Evaluation:
        return await self.stub.GetEvaluation(pb.GetEvaluationRequest(name=self.name), metadata=self.staff)


class Scrutineers:
    """The session's key ceremony held by deputies 1 to 3 (quorum 2) with the ballot box's
    trustee library, their private states kept here as on their devices."""

    def __init__(self, session: str, town: str):
        self.ceremony = Ceremony(f"{session}/keyCeremony", tuple(deputy(town, n) for n in (1, 2, 3)), 2)
        pairs = [trustee.keygen(self.ceremony, t) for t in self.ceremony.trustees]
        self.states = [state for state, _ in pairs]
        self.record = trustee.key_record(self.ceremony, [public for _, public in pairs])
        dealt = [m for state in self.states for m in trustee.deal(state, self.record)]
        for state in self.states:
            trustee.receive(state, self.record, [m for m in dealt if m["to"] == state.index])

    def partial(self, n: int, board: str, ballots: int) -> PartialDecryption:
        return PartialDecryption(json=json.dumps(trustee.decrypt(self.states[n - 1], json.loads(board), ballots)))


def encrypted(assessment, choices: dict[str, str]) -> EncryptedBallot:
    """A deputy's device: the ballot for project -> 满意/基本满意/不满意, encrypted with its proofs."""
    manifest = Manifest.from_json(json.loads(assessment.manifest))
    record = KeyRecord.from_json(json.loads(assessment.key_record))
    ballot = encrypt_ballot(manifest.form, manifest.form.marks(choices), record.joint_key(),
                            context(manifest, record.hash(), record.joint_key()))
    return EncryptedBallot(json=json.dumps(ballot.to_json()))
