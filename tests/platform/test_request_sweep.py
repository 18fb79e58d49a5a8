"""Every RPC of every service (unary or streaming its answer), found by reflection on the
running api processes, called with one malformed value at a time at every field path of a
plausible request: no answer is UNKNOWN or INTERNAL, the malformations the edge owns are INVALID_ARGUMENT, and a refused call
stores nothing in the town's rows."""
import asyncio
import base64
import re
import time
from dataclasses import dataclass
from typing import Callable, Iterator

import grpc
import psycopg
import pytest
from google.protobuf import descriptor_pool, message_factory
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase

from minsheng.collection.v1 import collection_pb2 as cpb
from minsheng.common.v1 import ballot_box_pb2 as box_pb
from minsheng.review.v1 import review_pb2 as rpb
from minsheng.supervision.v1 import supervision_pb2 as sv
from minsheng.voting.v1 import voting_pb2 as vpb
from minsheng.voting.v1.voting_pb2_grpc import VotingServiceStub
from services import registry
from services.collection.domain import DEFAULT_CRITERIA
from services.voting import devices
from tests.collection.client import Collection
from tests.helpers import field_violations
from tests.review.client import Review, assessment_message, shortlist
from tests.supervision.client import Supervision, adopted
from tests.voting.conftest import publish_candidate_list, wait_for_list

pytestmark = pytest.mark.integration

# Collection last: a proposal it screens reaches review's rows by an event, in the background.
SERVICES = {"review": "minsheng.review.v1.ReviewService",
            "voting": "minsheng.voting.v1.VotingService",
            "supervision": "minsheng.supervision.v1.SupervisionService",
            "evaluation": "minsheng.evaluation.v1.EvaluationService",
            "district": "minsheng.district.v1.DistrictService",
            "collection": "minsheng.collection.v1.CollectionService"}
REFUSED = {grpc.StatusCode.UNKNOWN, grpc.StatusCode.INTERNAL}
# 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the first and last time a Timestamp may hold.
MIN_SECONDS, MAX_SECONDS = -62_135_596_800, 253_402_300_799
TIMESTAMP = "google.protobuf.Timestamp"

# Where a method's `name` or `parent` points (by default the town), and the values of other
# fields that name something, so that calls reach past parsing and lookups into the use
# cases; every other text field gets plain text.
NAME_OF = {
    "CloseCollectionCycle": "cycle", "GetCollectionCycle": "cycle", "GetProposal": "proposal",
    "MergeProposals": "proposal", "ScreenProposal": "proposal", "AnswerProposal": "proposal",
    "GetReview": "review", "FormWorkGroup": "review", "ProposeRecommendations": "review",
    "RecordPresidiumDecision": "review", "ApproveCandidateList": "review", "GetReviewItem": "item",
    "AssignAssessors": "item", "RecordFeasibilityActivity": "item", "RecordAssessment": "item",
    "MoveReviewItem": "item", "GetVotingRules": "rules", "RecordDeputyLeaving": "deputy_name",
    "GetCandidateList": "list", "GetSession": "session", "CheckInDeputies": "session", "GetPoll": "poll",
    "ClosePoll": "poll", "GetBulletinBoard": "board", "SubmitPartialDecryption": "board",
    "GetProject": "project", "SetImplementationPlan": "project", "ApproveImplementationPlan": "project",
    "VerifyCompletion": "project", "CarryOverProject": "project", "GetSupervisionGroup": "sgroup",
    "AssignProjects": "sgroup", "SetSupervisionCalendar": "calendar", "GetSupervisionCalendar": "calendar",
    "RecordInquiry": "calendar", "GetInspection": "inspection", "GetRectification": "rectification",
    "AnswerRectification": "rectification", "VerifyRectification": "rectification", "GetProgressNotice": "notice",
    "GetFiling": "filing", "GetTownYear": "town_year",
    "GetEvaluation": "evaluation", "EditCompletionReport": "evaluation", "SubmitCompletionReport": "evaluation",
    "IssueEvaluationReport": "evaluation", "GetEvaluationReport": "evaluation_report",
    "GetAssessment": "assessment", "CastAssessmentBallot": "assessment", "CloseAssessment": "assessment"}
PARENT_OF = {"ListReviewItems": "review", "AddDeputy": "term", "ListDeputies": "term", "OpenPoll": "session",
             "ReportProgress": "project2", "ListProgressReports": "project", "RequestRectification": "project",
             "ListRectifications": "project", "OpenAssessment": "evaluation"}
# By path first, then by field name.
FIELD_VALUES = {
    "collection_cycle": "cycle", "duplicates": "duplicate", "receipt_code": "receipt_code", "item": "item",
    "member_ids": "member", "poll": "poll", "candidate_list": "list", "voting_rules.name": "rules",
    "review": "review", "deputies": "deputy", "chief_scrutineer": "deputy", "scrutineers": "other_deputy",
    "candidate_id": "candidate", "term": "term_id", "deputy_id": "new_deputy", "runoff_of": "nothing",
    "deputy.left_office": "nothing", "page_token": "nothing", "took_office": "took_office", "phone": "phone",
    "left_office": "leaving",
    "project": "project", "projects": "project", "supervision_group": "sgroup", "inspection": "inspection",
    "members": "wang", "leader": "wang", "participants": "wang", "asked_by": "wang", "supervisor": "wang",
    "supervisor_id": "zhao", "group_id": "new_group", "milestone_id": "m1", "attachments": "doc",
    "contact_phone": "phone", "evaluation.session": "session"}
# Requests whose plausible values must fit together (top-level fields replaced).
BASES = {
    "ScreenProposal": lambda: cpb.ScreenProposalRequest(
        results=[cpb.CriterionResult(criterion=c, passed=True) for c in DEFAULT_CRITERIA], outcome=cpb.SHORTLISTED),
    "RecordAssessment": lambda: rpb.RecordAssessmentRequest(assessment=assessment_message()),
}
DATES = {"date", "in_office_on", "session_date", "completion_deadline", "due_date", "report_date", "deadline",
         "new_deadline", "mid_year_supervision_date", "year_end_inquiry_date", "reached_date", "last_report_date",
         "current_deadline"}
YEAR = 2024
TERM = "19"


async def prepare(stack, channel_to, issuer, nats_client, town: str) -> dict[str, str]:
    """A town with something to act on: an open cycle with submitted and shortlisted proposals,
    an open review of the shortlisted ones with its work group, a roster, a session with
    everyone present and an open electronic poll over an approved candidate list."""
    collection = Collection(channel_to("collection"), issuer, town)
    await shortlist(collection, ["村道硬化", "路灯"])
    proposal, duplicate = await collection.submit(), await collection.submit(title="路灯维修")
    review = Review(channel_to("review"), issuer, town)
    await review.open()
    items = await review.wait_for_items(2)
    await review.form_work_group()
    voting = VotingServiceStub(channel_to("voting"))
    staff = issuer.metadata(f"staff-{town}", town, "staff")
    candidates = await publish_candidate_list(nats_client.jetstream(), town, YEAR, 3, 2)
    for deputy in ("d1", "d2"):
        await voting.AddDeputy(vpb.AddDeputyRequest(parent=f"towns/{town}/terms/{TERM}", deputy_id=deputy,
                                                    deputy=vpb.Deputy(display_name="代表", took_office="2020-01-01")),
                               metadata=staff)
    session = await voting.OpenSession(vpb.OpenSessionRequest(parent=f"towns/{town}", session=vpb.Session(
        term=TERM, title="第一次会议", session_date="2024-06-01", chief_scrutineer="d1", scrutineers=["d2"])),
        metadata=staff)
    await voting.CheckInDeputies(vpb.CheckInDeputiesRequest(name=session.name, deputies=["d1", "d2"]), metadata=staff)
    list_name = f"towns/{town}/candidateLists/{YEAR}"
    await wait_for_list(voting, list_name, staff, 3)
    await devices.hold_key_ceremony(voting, session.name, "d1", lambda d: issuer.metadata(d, town, "deputy"))
    poll = await voting.OpenPoll(vpb.OpenPollRequest(parent=session.name, poll=vpb.Poll(
        title="票决", candidate_list=list_name, method=vpb.ELECTRONIC)), metadata=staff)
    supervision = Supervision(channel_to("supervision"), issuer, town)
    await supervision.adopt(nats_client.jetstream(), [adopted(town, 1), adopted(town, 2)])
    for project in (supervision.project(1), supervision.project(2)):
        await supervision.under_way(project)
    await supervision.form_group([supervision.project(1), supervision.project(2)])
    inspection = await supervision.inspect([sv.Finding(project=supervision.project(1), text="围挡不足")])
    rectification = await supervision.rectify(supervision.project(1), inspection.name)
    t = f"towns/{town}"
    return {"project": supervision.project(1), "project2": supervision.project(2),
            "sgroup": f"{t}/supervisionGroups/group-1", "calendar": f"{t}/supervisionCalendars/{YEAR}",
            "inspection": inspection.name, "rectification": rectification.name,
            "notice": f"{t}/progressNotices/{YEAR}", "wang": "wang", "zhao": "zhao", "new_group": "group-2",
            "m1": "m1", "doc": "doc:1", "filing": f"{t}/filings/{YEAR}/none", "town_year": f"{t}/years/{YEAR}",
            "town": t, "cycle": f"{t}/collectionCycles/{YEAR}", "proposal": proposal.name,
            "duplicate": duplicate.name, "receipt_code": proposal.receipt_code, "review": review.name,
            "item": items[0].name, "member": "m1", "rules": f"{t}/votingRules", "term": f"{t}/terms/{TERM}",
            "deputy_name": f"{t}/terms/{TERM}/deputies/d2", "term_id": TERM, "deputy": "d1", "other_deputy": "d2",
            "new_deputy": "d3", "took_office": "2020-01-01", "list": list_name, "candidate": candidates[0],
            "session": session.name, "poll": poll.name, "board": poll.name + "/bulletinBoard",
            "phone": "13812345678",
            "leaving": "2030-01-01", "nothing": "", "evaluation": f"{t}/evaluations/{YEAR}",
            "evaluation_report": f"{t}/evaluations/{YEAR}/report", "assessment": f"{t}/evaluations/{YEAR}/assessments/1"}


@dataclass(frozen=True)
class Case:
    method: str
    path: str
    label: str
    apply: Callable[[Message], None]
    owned_by_edge: bool  # the edge must refuse it: INVALID_ARGUMENT


def plausible_text(method: str, path: str, name: str, names: dict[str, str]) -> str:
    if name in ("name", "parent") and "." not in path:
        return names[(NAME_OF if name == "name" else PARENT_OF).get(method, "town")]
    key = FIELD_VALUES.get(path) or FIELD_VALUES.get(name)
    if key:
        return names[key]
    return "2024-06-01" if name in DATES else "样例a1"


def plausible_number(method: str, name: str) -> int:
    if "year" not in name:
        return 1
    return YEAR + 1 if method.startswith("Open") else YEAR  # what is opened is new


def fill(message: Message, method: str, names: dict[str, str], path: str = "", depth: int = 0) -> None:
    """A plausible request: every field set, one item in every repeated field."""
    for field in message.DESCRIPTOR.fields:
        full = path + field.name
        if field.message_type is not None:
            if field.message_type.full_name == TIMESTAMP:
                later = 3600 if field.name.startswith("closes") else 0
                items = [message_factory.GetMessageClass(field.message_type)(seconds=int(time.time()) + later)]
            elif depth > 4:
                continue
            else:
                item = message_factory.GetMessageClass(field.message_type)()
                fill(item, method, names, full + ".", depth + 1)
                items = [item]
            target = getattr(message, field.name)
            if field.is_repeated:
                target.extend(items)
            else:
                target.CopyFrom(items[0])
            continue
        value = {FieldDescriptor.TYPE_STRING: lambda: plausible_text(method, full, field.name, names),
                 FieldDescriptor.TYPE_ENUM: lambda: 1, FieldDescriptor.TYPE_BOOL: lambda: False,
                 FieldDescriptor.TYPE_BYTES: lambda: b"x"}.get(field.type, lambda: plausible_number(method, field.name))()
        if field.is_repeated:
            getattr(message, field.name).append(value)
        else:
            setattr(message, field.name, value)


def paths(message: Message, prefix: str = "") -> Iterator[tuple[str, FieldDescriptor, int | None, object]]:
    """Every field of `message` as (path, field, index, value): index None for a single field,
    -1 for a repeated field as a whole, else the item's place."""
    for field in message.DESCRIPTOR.fields:
        name = prefix + field.name
        value = getattr(message, field.name)
        if field.is_repeated:
            yield name, field, -1, value
        for i in range(len(value)) if field.is_repeated else [None]:
            path = name if i is None else f"{name}[{i}]"
            item = value if i is None else value[i]
            yield path, field, i, item
            if field.message_type is not None and field.message_type.full_name != TIMESTAMP:
                yield from paths(item, path + ".")


def setter(parent_path: str, field_name: str, index: int | None, put) -> Callable[[Message], None]:
    """Applies `put` to one field of a copy of the request, found again by its parent's path."""
    def apply(request: Message) -> None:
        target = request
        for step in filter(None, parent_path.split(".")):
            name, _, i = step.partition("[")
            target = getattr(target, name)
            if i:
                target = target[int(i[:-1])]
        put(target, field_name, index)
    return apply


def set_scalar(new):
    def put(target, name, index):
        if index is None:
            setattr(target, name, new)
        else:
            getattr(target, name)[index] = new
    return put


def set_timestamp(seconds: int = 0, nanos: int = 0):
    def put(target, name, index):
        stamp = getattr(target, name) if index is None else getattr(target, name)[index]
        stamp.seconds, stamp.nanos = seconds, nanos
    return put


def oversize(target, name, _):
    items = getattr(target, name)
    items.extend([items[0]] * 1001)


GARBAGE_TOKENS = [base64.urlsafe_b64encode(b'{"after": 1e400, "filters": "x"}').decode(),
                  base64.urlsafe_b64encode(b"[" * 50_000).decode(), "garbage!", "é" * 32]
INT_LIMITS = {FieldDescriptor.TYPE_INT32: (2 ** 31 - 1, -2 ** 31), FieldDescriptor.TYPE_INT64: (2 ** 63 - 1, -2 ** 63),
              FieldDescriptor.TYPE_UINT32: (2 ** 32 - 1, 0), FieldDescriptor.TYPE_UINT64: (2 ** 64 - 1, 0)}


def cases(method: str, request: Message) -> Iterator[Case]:
    for path, field, index, value in paths(request):
        parent_path = path.rsplit(".", 1)[0] if "." in path else ""

        def case(label: str, put, owned_by_edge: bool) -> Case:
            return Case(method, path, label, setter(parent_path, field.name, index, put), owned_by_edge)
        if index == -1:
            yield case("1,001 more items", oversize, True)
        elif field.type == FieldDescriptor.TYPE_STRING:
            yield case("NUL", set_scalar("a\x00b"), True)
            yield case("ESC", set_scalar("a\x1b[31m"), True)
            yield case("20,000 characters", set_scalar("长" * 20_000), False)
            if "/" in value:  # a resource name: a year that is no year, an id too long to store
                for year in ("²", "٢٠٢٤", "99999999999", "9" * 5000):
                    yield case(f"year {year[:12]}", set_scalar(re.sub(r"/\d{4}(?=/|$)", "/" + year, value)), False)
                yield case("5,000-character id", set_scalar(value + "x" * 5000), False)
            if re.fullmatch(r"\d{4}-\d\d-\d\d", value):  # an ISO date: the first and last a date holds
                for date in ("0001-01-01", "9999-12-31"):
                    yield case(date, set_scalar(date), False)
            if field.name == "page_token":
                for token in GARBAGE_TOKENS:
                    yield case(f"page token {token[:12]}", set_scalar(token), True)
        elif field.type == FieldDescriptor.TYPE_ENUM:
            yield case("enum 999", set_scalar(999), True)
        elif field.type in INT_LIMITS:
            for label, limit in zip(("largest", "smallest"), INT_LIMITS[field.type]):
                yield case(label, set_scalar(limit), False)
        elif field.message_type is not None and field.message_type.full_name == TIMESTAMP:
            yield case("year 36812", set_timestamp(seconds=2 ** 40), True)
            yield case("nanos -1", set_timestamp(nanos=-1), True)
            yield case("last second of 9999", set_timestamp(seconds=MAX_SECONDS), False)
            yield case("first second of year 1", set_timestamp(seconds=MIN_SECONDS), False)


def reflect(target: str) -> descriptor_pool.DescriptorPool:
    with grpc.insecure_channel(target) as channel:
        database = ProtoReflectionDescriptorDatabase(channel)
        pool = descriptor_pool.DescriptorPool(database)
        for name in SERVICES.values():
            if name in database.get_services():
                pool.FindServiceByName(name)
        return pool


class RowCounter:
    """Counts a town's rows in every table of a service's schema that has a town_id."""

    def __init__(self, conn: psycopg.AsyncConnection, schema: str, town: str):
        self.conn, self.schema, self.town = conn, schema, town
        self.query = None

    async def count(self) -> int:
        if self.query is None:
            rows = await (await self.conn.execute(
                "SELECT table_name FROM information_schema.columns WHERE table_schema = %s AND column_name = 'town_id'",
                (self.schema,))).fetchall()
            assert rows, f"no town tables in {self.schema}"
            self.query = " UNION ALL ".join(
                f'SELECT count(*) FROM "{self.schema}"."{table}" WHERE town_id = %(town)s' for (table,) in rows)
            self.query = f"SELECT sum(count) FROM ({self.query}) AS counts"
        return (await (await self.conn.execute(self.query, {"town": self.town})).fetchone())[0]


def called(kind):
    """A method of either kind as one awaitable call: a stream is read to its end."""
    def method(*args, **kwargs):
        multicallable = kind(*args, **kwargs)

        async def call(request, **options):
            answer = multicallable(request, **options)
            return [r async for r in answer] if hasattr(answer, "__aiter__") else await answer
        return call
    return method


async def sweep(stack, issuer, town: str, names: dict[str, str], service: str, conn) -> tuple[list[str], int]:
    pool = await asyncio.to_thread(reflect, stack.api(service).target)
    descriptor = pool.FindServiceByName(SERVICES[service])
    # A present deputy who is also staff and public, so calls reach every use case.
    metadata = issuer.metadata(names["deputy"], town, "staff", "deputy", "public")
    counter = RowCounter(conn, service, town)
    problems, calls = [], 0
    async with grpc.aio.insecure_channel(stack.api(service).target) as channel:
        before = await counter.count()
        for method in descriptor.methods:
            request_class = message_factory.GetMessageClass(method.input_type)
            response_class = message_factory.GetMessageClass(method.output_type)
            call = called(channel.unary_stream if method.server_streaming else channel.unary_unary)(
                f"/{descriptor.full_name}/{method.name}", request_serializer=request_class.SerializeToString,
                response_deserializer=response_class.FromString)
            base = request_class()
            fill(base, method.name, names)
            if method.name in BASES:
                fitting = request_class.FromString(BASES[method.name]().SerializeToString())
                for field, _ in fitting.ListFields():
                    base.ClearField(field.name)
                base.MergeFrom(fitting)
            for case in cases(method.name, base):
                request = request_class()
                request.CopyFrom(base)
                case.apply(request)
                calls += 1
                try:
                    await call(request, metadata=metadata, timeout=10)
                    code = grpc.StatusCode.OK
                except grpc.aio.AioRpcError as error:
                    code = error.code()
                after = await counter.count()
                where = f"{method.name} {case.path} ({case.label})"
                if code in REFUSED or (case.owned_by_edge and code != grpc.StatusCode.INVALID_ARGUMENT):
                    problems.append(f"{where}: {code.name}")
                if code != grpc.StatusCode.OK and after != before:
                    problems.append(f"{where}: {code.name}, yet {after - before} rows stored")
                before = after
    return problems, calls


def test_the_sweep_covers_every_registered_service():
    assert set(SERVICES) == set(registry.SERVICES)


async def test_no_malformed_value_at_any_field_path_is_internal_or_stores_anything(stack, channel_to, issuer,
                                                                                   nats_client, new_town):
    names = await prepare(stack, channel_to, issuer, nats_client, new_town)
    started = time.monotonic()
    async with await psycopg.AsyncConnection.connect(stack.pg.url(user="postgres", database=stack.roles.database),
                                                     autocommit=True) as conn:
        results = [await sweep(stack, issuer, new_town, names, service, conn) for service in SERVICES]
    problems = [p for found, _ in results for p in found]
    calls = sum(n for _, n in results)
    assert calls > 500, calls
    assert not problems, f"{len(problems)} of {calls} calls:\n" + "\n".join(problems)
    assert time.monotonic() - started < 90


async def test_many_bad_items_answer_invalid_argument_not_a_broken_stream(stack, channel_to, issuer, nats_client,
                                                                          new_town):
    names = await prepare(stack, channel_to, issuer, nats_client, new_town)
    voting = VotingServiceStub(channel_to("voting"))
    metadata = issuer.metadata(names["deputy"], new_town, "staff", "deputy")
    counts = [vpb.PaperTally.Count(candidate_id=f"{names['candidate']}-{i}" * 20, for_votes=1) for i in range(1000)]
    calls = [voting.RecordPaperTally(vpb.RecordPaperTallyRequest(poll=names["poll"], tally=vpb.PaperTally(
                 counts=counts)), metadata=metadata),
             voting.CastBallot(vpb.CastBallotRequest(poll=names["poll"], ballot=box_pb.EncryptedBallot(
                 json="{" * 500_000), request_id="x"), metadata=metadata),
             voting.CheckInDeputies(vpb.CheckInDeputiesRequest(
                 name=names["session"], deputies=[f"d{i}-" + "长" * 2000 for i in range(200)]), metadata=metadata)]
    for call in calls:
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await call
        assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT, caught.value
        assert field_violations(caught.value)
