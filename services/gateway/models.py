"""Tables of the gateway schema and the repository of subscriptions.

`subscriptions` is a district-level table, without row-level security: a subscription names
several towns, only district staff manage subscriptions (the use cases check the role), and the
delivery worker reads them all for every event. Like every service schema it also has the
event tables; the gateway records no events today."""
from sqlalchemy import BigInteger, Column, DateTime, Identity, MetaData, String, Table, delete, select
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.gateway.domain import Subscription
from services.platform.errors import NotFound
from services.platform.outbox import add_event_tables

metadata = MetaData(schema="gateway")
event_tables = add_event_tables(metadata)

subscriptions = Table(
    "subscriptions", metadata,
    Column("id", String(36), primary_key=True),
    Column("seq", BigInteger, Identity(), nullable=False, unique=True),
    Column("request_id", String(64), unique=True),
    Column("system", String(40), nullable=False),
    Column("towns", JSONB, nullable=False),
    Column("event_types", JSONB, nullable=False),
    Column("endpoint", String(500), nullable=False),
    Column("creator", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


def _subscription(row) -> Subscription:
    return Subscription(id=row.id, system=row.system, towns=tuple(row.towns), event_types=tuple(row.event_types),
                        endpoint=row.endpoint, creator=row.creator, created_at=row.created_at)


class Repository:
    def __init__(self, conn: AsyncConnection):
        self.conn = conn

    async def add(self, s: Subscription, request_id: str | None) -> bool:
        """False if a subscription with this request id exists already."""
        added = await self.conn.execute(insert(subscriptions).values(
            id=s.id, request_id=request_id, system=s.system, towns=list(s.towns), event_types=list(s.event_types),
            endpoint=s.endpoint, creator=s.creator, created_at=s.created_at,
        ).on_conflict_do_nothing(index_elements=["request_id"]).returning(subscriptions.c.id))
        return added.first() is not None

    async def by_request(self, request_id: str) -> Subscription:
        row = (await self.conn.execute(select(subscriptions).where(subscriptions.c.request_id == request_id))).one()
        return _subscription(row)

    async def get(self, subscription_id: str) -> Subscription:
        row = (await self.conn.execute(select(subscriptions).where(subscriptions.c.id == subscription_id))).first()
        if row is None:
            raise NotFound(f"no subscription subscriptions/{subscription_id}")
        return _subscription(row)

    async def page(self, *, after_seq: int, limit: int) -> list[tuple[int, Subscription]]:
        rows = await self.conn.execute(select(subscriptions).where(subscriptions.c.seq > after_seq)
                                       .order_by(subscriptions.c.seq).limit(limit))
        return [(row.seq, _subscription(row)) for row in rows]

    async def everyone(self) -> list[Subscription]:
        return [_subscription(row) for row in await self.conn.execute(select(subscriptions))]

    async def remove(self, subscription_id: str) -> None:
        removed = await self.conn.execute(delete(subscriptions).where(subscriptions.c.id == subscription_id)
                                          .returning(subscriptions.c.id))
        if removed.first() is None:
            raise NotFound(f"no subscription subscriptions/{subscription_id}")
