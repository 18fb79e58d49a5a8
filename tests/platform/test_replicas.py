"""Replicas as Kubernetes runs them: several consumer processes of one service share the
work of one durable consumer, and no event is applied twice."""
import asyncio
import re
import urllib.request

import pytest

from services.stack.runner import wait_serving
from tests.collection.client import Collection
from tests.review.client import Review

pytestmark = pytest.mark.integration


def consumed(metrics_port: int, consumer: str) -> float:
    text = urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/metrics", timeout=5).read().decode()
    pattern = rf'minsheng_events_consumed_total\{{consumer="{consumer}",event_type="proposal_screened",' \
              rf'service="review"\}} ([0-9.e+]+)'
    return sum(float(m) for m in re.findall(pattern, text))


async def test_three_consumer_replicas_share_the_work_and_apply_each_event_once(stack, channel_to, issuer,
                                                                                  new_town, sql):
    extra = [stack.start_service("review", "consumer") for _ in range(2)]
    try:
        for replica in extra:
            await asyncio.to_thread(wait_serving, replica)
        replicas = [p for p in stack.processes if p.service == "review" and p.role == "consumer"]
        before = [consumed(r.metrics_port, "review-shortlisted-proposals") for r in replicas]
        town = Collection(channel_to("collection"), issuer, new_town)
        await town.open_cycle()
        proposals = [await town.submit() for _ in range(60)]
        await asyncio.gather(*(town.screen(p.name) for p in proposals))
        items = await Review(channel_to("review"), issuer, new_town).wait_for_items(60, timeout=60)
        assert sorted(i.proposal for i in items) == sorted(p.name for p in proposals)
        await asyncio.sleep(1)  # any second application would show here
        assert sql("SELECT count(*) FROM review.review_items WHERE town_id = %s", (new_town,)) == [(60,)]
        after = [consumed(r.metrics_port, "review-shortlisted-proposals") for r in replicas]
        shares = [a - b for a, b in zip(after, before)]
        assert sum(shares) == 60
        assert sum(1 for share in shares if share > 0) >= 2, shares
        metrics = urllib.request.urlopen(f"http://127.0.0.1:{replicas[0].metrics_port}/metrics", timeout=5).read()
        assert b'minsheng_consumer_lag{consumer="review-shortlisted-proposals",service="review"}' in metrics
    finally:
        for replica in extra:
            stack.stop_process(replica)
