"""`python -m services.district <role>`, or `rebuild`: replay the streams into fresh read
models and switch over once caught up (services.district.rebuild), with the consumer role's settings."""
import asyncio
import sys

from services.district.service import SPEC
from services.platform.config import ConfigError, load_settings
from services.platform.process import main


async def _rebuild(settings) -> None:
    import nats

    from services.district.rebuild import rebuild
    from services.platform.db import Database
    database = Database(settings.database_url)
    nc = await nats.connect(settings.nats_url, user_credentials=settings.nats_creds, name="district-rebuild")
    try:
        done = await rebuild(database, nc.jetstream(), settings.service_settings.pinned_key)
    finally:
        await nc.close()
        await database.close()
    print(f"rebuilt generation {done.generation}: {done.events} events in {done.seconds:.1f} s, now live")


if sys.argv[1:] == ["rebuild"]:
    try:
        asyncio.run(_rebuild(load_settings(SPEC.name, "consumer", own=SPEC.settings)))
    except ConfigError as exc:
        raise SystemExit(str(exc))
else:
    main(SPEC)
