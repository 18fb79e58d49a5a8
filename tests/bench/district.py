"""Benchmarks of the district service on a running local stack (the district's api and migrations):

- the district report (GetDistrictReport: totals and the first page of towns) p99 with 6,
  1,129 (Shandong's towns and townships) and 38,000 (China's) simulated towns: each town's
  year row and the district's totals written as the consumers keep them, each scale its own year;
- a replay of the streams (the rebuild's fold) against raw JetStream consumption of the same
  events in the same run;
- the time to rebuild a district of 6 towns x 5 years (replay, write, flip);
- the district api's peak memory while it streams the report of 38,000 towns as CSV and as
  XLSX, against the same of 6 towns: flat (a ratio near 1) when the rows are read page by page
  and the file leaves in chunks.

`make bench` runs `bench(stack)` on its stack."""
import asyncio
import time
import uuid

import psutil

import grpc
import nats
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from sqlalchemy import text
from sqlalchemy.dialects.postgresql import insert

from minsheng.district.v1 import district_pb2 as pb
from minsheng.district.v1.district_pb2_grpc import DistrictServiceStub
from minsheng.events.v1.collection_events_pb2 import ProposalAnswered, ProposalScreened, ProposalSubmitted
from minsheng.events.v1.review_events_pb2 import Candidate, CandidateListApproved
from minsheng.events.v1.supervision_events_pb2 import ProgressReported, ProjectCompleted, ProjectRegistered
from minsheng.events.v1.voting_events_pb2 import AdoptedProject, ProjectsAdopted
from services.district import consumers, models
from services.district.projections import COUNTS
from services.district.rebuild import Replay, Store, rebuild
from services.platform import events
from services.platform.db import Database
from services.stack.runner import wait_serving

SCALES = (6, 1_129, 38_000)
REPORT_CALLS = 300
REPORT_PAGE = 10
DEMO_TOWNS = ("xihu", "chentuan", "nanhu", "taoluo", "sanzhuang", "houcun")
YEARS = range(2019, 2024)
PROPOSALS = 300  # per town and year: hundreds of proposals, a dozen candidates, ten projects
SEATS = 10
ROUNDS = 3


async def simulate_towns(database: Database, year: int, towns: int) -> None:
    """`towns` towns' rows of the year and the district's totals, as the consumers leave them
    (then analyzed, as autovacuum would after so many rows: see `analyze`)."""
    table = models.TABLES[await _live(database)]
    counts = {name: 7 for name in COUNTS}
    async with database.transaction(models.EVERY_TOWN) as conn:
        rows = [{"town_id": f"sim{n:05d}", "year": year, **counts} for n in range(towns)]
        for i in range(0, len(rows), 2000):
            await conn.execute(insert(table["town_years"]), rows[i:i + 2000])
        await conn.execute(insert(table["district_years"]).values(
            year=year, towns_voted=towns, **{name: 7 * towns for name in COUNTS}))


async def analyze(stack) -> None:
    """Table statistics, as autovacuum keeps them (the owner may analyze; the app may not)."""
    owner = Database(stack.database_url("migrate"))
    try:
        async with owner.engine.connect() as conn:
            await conn.execute(text("ANALYZE district.town_years_a, district.town_years_b"))
            await conn.commit()
    finally:
        await owner.close()


async def _live(database: Database) -> str:
    async with database.transaction(models.EVERY_TOWN) as conn:
        return await models.live_generation(conn)


async def report_p99(stack, years: dict[int, int]) -> dict:
    """GetDistrictReport's totals and first page of 10 towns, called for each scale in turn
    (so the machine's noise falls on every scale alike)."""
    district = stack.issuer.metadata("district-standing-committee", None, "district")
    samples: dict[int, list[float]] = {towns: [] for towns in years}
    async with grpc.aio.insecure_channel(stack.api("district").target) as channel:
        stub = DistrictServiceStub(channel)
        for i in range(REPORT_CALLS + 30):  # the first 30: warm-up
            for towns, year in years.items():
                request = pb.GetDistrictReportRequest(year=year, page_size=REPORT_PAGE)
                started = time.perf_counter()
                report = await stub.GetDistrictReport(request, metadata=district)
                if i >= 30:
                    samples[towns].append(time.perf_counter() - started)
                assert report.totals.towns_voted == towns
    found = {}
    for towns, taken in samples.items():
        taken.sort()
        found[f"{towns}_towns"] = {"p50_ms": round(taken[len(taken) // 2] * 1000, 2),
                                   "p99_ms": round(taken[int(len(taken) * 0.99)] * 1000, 2)}
    return found


class PeakRss:
    """The highest resident memory of a process (and its children) while the block runs,
    sampled every few milliseconds, and what it was before."""

    def __init__(self, pid: int):
        self.process = psutil.Process(pid)
        self.before = self.peak = 0

    def now(self) -> int:
        return sum(p.memory_info().rss for p in (self.process, *self.process.children(recursive=True)))

    async def _sample(self) -> None:
        while True:
            self.peak = max(self.peak, self.now())
            await asyncio.sleep(0.005)

    async def __aenter__(self):
        self.before = self.peak = self.now()
        self.sampler = asyncio.create_task(self._sample())
        return self

    async def __aexit__(self, *exc) -> None:
        self.sampler.cancel()
        await asyncio.gather(self.sampler, return_exceptions=True)
        self.peak = max(self.peak, self.now())


async def export_memory(stack, years: dict[int, int]) -> dict:
    """The district api's peak RSS while it streams the district's report of the smallest and
    the largest scale, per format in a fresh api process (memory a process once took stays
    resident, so one format's run would hide the next one's): a warm-up export (imports,
    connections), then the small scale, then the large one, which must not raise the peak."""
    district = stack.issuer.metadata("district-standing-committee", None, "district")
    small, large = min(years), max(years)
    found = {}
    for fmt, name in ((pb.CSV, "csv"), (pb.XLSX, "xlsx")):
        api = await asyncio.to_thread(_fresh_api, stack)
        async with grpc.aio.insecure_channel(api.target) as channel:
            stub = DistrictServiceStub(channel)
            await _export(stub, district, years[small], fmt)
            for towns in (small, large):
                async with PeakRss(api.process.pid) as rss:
                    size = await _export(stub, district, years[towns], fmt)
                found[f"{name}_{towns}_towns"] = {"file_mb": round(size / 2**20, 2),
                                                 "peak_rss_mb": round(rss.peak / 2**20, 1),
                                                 "growth_mb": round((rss.peak - rss.before) / 2**20, 1)}
        found[f"{name}_peak_rss_{large}_vs_{small}"] = round(
            found[f"{name}_{large}_towns"]["peak_rss_mb"] / found[f"{name}_{small}_towns"]["peak_rss_mb"], 2)
    return found


def _fresh_api(stack):
    """The district's api restarted (on new ports), serving."""
    stack.stop_process(stack.api("district"))
    api = stack.start_service("district", "api")
    wait_serving(api)
    return api


async def _export(stub, metadata, year: int, fmt) -> int:
    request = pb.ExportViewRequest(parent="towns/-", view="report", year=year, format=fmt)
    return sum([len(chunk.content) async for chunk in stub.ExportView(request, metadata=metadata)])


def a_town_year(town: str, year: int) -> list:
    """The events of one town's year that the district projects, in the order they happen."""
    t = f"towns/{town}"
    found = []
    for n in range(PROPOSALS):
        proposal = f"{t}/proposals/{year}-{n}"
        found += [ProposalSubmitted(proposal=proposal, year=year, category="交通"),
                  ProposalScreened(proposal=proposal, year=year, outcome=ProposalScreened.SHORTLISTED if n < 12
                                   else ProposalScreened.NOT_SHORTLISTED)]
        if n >= 12:
            found.append(ProposalAnswered(proposal=proposal, year=year))
    items = [(f"{t}/reviews/{year}/items/i{n}", f"{t}/proposals/{year}-{n}") for n in range(12)]
    found.append(CandidateListApproved(review=f"{t}/reviews/{year}", year=year, candidates=[
        Candidate(candidate_id=c, proposal=p) for c, p in items]))
    found.append(ProjectsAdopted(year=year, adopted=[AdoptedProject(
        candidate_id=c, proposal=p, title="项目", responsible_unit="镇交通管理办公室", budget_yuan=300_000,
        completion_deadline=f"{year}-11-30") for c, p in items[:SEATS]]))
    for n, (c, _) in enumerate(items[:SEATS], 1):
        project = f"{t}/projects/{year}-{n}"
        found += [ProjectRegistered(project=project, candidate_id=c, year=year, budget_yuan=300_000),
                  ProgressReported(project=project, spent_yuan=100_000),
                  ProgressReported(project=project, spent_yuan=200_000),
                  ProjectCompleted(project=project, year=year, supervision_year=year, spent_yuan=290_000)]
    return found


async def publish_district(js) -> int:
    """6 towns x 5 years of events, as the services publish them."""
    published = 0
    for town in DEMO_TOWNS:
        for year in YEARS:
            batch = []
            for payload in a_town_year(town, year):
                envelope = events.new_envelope(town_id=town, source=consumers.source_service(type(payload)),
                                               aggregate_id=town, aggregate_sequence=1, payload=payload)
                batch.append(js.publish(events.subject(town, envelope.source, envelope.event_type),
                                        envelope.SerializeToString(), headers={"Nats-Msg-Id": envelope.event_id},
                                        stream=events.STREAM))
            for i in range(0, len(batch), 500):
                await asyncio.gather(*batch[i:i + 500])
            published += len(batch)
    return published


async def raw_consumption(js) -> tuple[int, float]:
    """Every message of the district's subjects fetched, nothing else done: the baseline."""
    name = f"bench-raw-{uuid.uuid4().hex[:8]}"
    subjects = [s for sub in consumers.SUBSCRIPTIONS for s in sub.subjects]
    await js.add_consumer(events.STREAM, ConsumerConfig(durable_name=name, filter_subjects=subjects,
                                                        ack_policy=AckPolicy.NONE, deliver_policy=DeliverPolicy.ALL))
    sub = await js.pull_subscribe_bind(name, stream=events.STREAM)
    count, started = 0, time.perf_counter()
    while (await sub.consumer_info()).num_pending:
        count += len(await sub.fetch(1000, timeout=1))
    seconds = time.perf_counter() - started
    await sub.unsubscribe()
    await js.delete_consumer(events.STREAM, name)
    return count, seconds


async def replay_fold(js) -> tuple[int, float]:
    replay = Replay(js, Store())
    await replay.open()
    started = time.perf_counter()
    try:
        await replay.catch_up()
    finally:
        seconds = time.perf_counter() - started
        await replay.close()
    return replay.events, seconds


async def bench(stack) -> dict:
    database = Database(stack.database_url("api"))
    nc = await nats.connect(stack.nats.url)
    try:
        years = {towns: 3000 + i for i, towns in enumerate(SCALES)}  # each scale its own year
        for towns, year in years.items():
            await simulate_towns(database, year, towns)
        await analyze(stack)
        reports = await report_p99(stack, years)
        exports = await export_memory(stack, {towns: year for towns, year in years.items() if towns != SCALES[1]})
        js = nc.jetstream()
        published = await publish_district(js)
        # Alternated, the best of each: the live consumers apply the same events meanwhile.
        raws, replays = [], []
        for _ in range(ROUNDS):
            raws.append(await raw_consumption(js))
            replays.append(await replay_fold(js))
        rebuilt = await rebuild(database, js)
    finally:
        await nc.close()
        await database.close()
    p99 = [reports[f"{t}_towns"]["p99_ms"] for t in SCALES]
    raw_rate = max(count / seconds for count, seconds in raws)
    replay_rate = max(count / seconds for count, seconds in replays)
    return {
        "district_report": reports,
        "district_report_p99_38000_vs_6": round(p99[-1] / p99[0], 2),
        "events_6_towns_5_years": published,
        "raw_jetstream_events_per_second": round(raw_rate),
        "replay_events_per_second": round(replay_rate),
        "replay_vs_raw": round(replay_rate / raw_rate, 2),
        "rebuild_6_towns_5_years_seconds": round(rebuilt.seconds, 2),
        "district_export": exports,
    }
