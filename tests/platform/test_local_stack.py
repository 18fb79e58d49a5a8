"""A local stack killed without cleaning up does not stop the next one."""
import psycopg
import pytest

from services.stack.infra import Nats, Postgres, reset_folder

pytestmark = pytest.mark.integration


def test_a_folder_left_by_a_killed_run_is_cleaned_and_reused(tmp_path):
    folder = tmp_path / "stack"
    reset_folder(folder)
    nats, pg = Nats(folder / "nats"), Postgres(folder / "postgres")
    nats.start()
    pg.start()
    # The run that owned them dies without stopping anything: pid files and sockets stay.
    assert (folder / "nats" / "nats.pid").exists() and (folder / "postgres" / "data" / "postmaster.pid").exists()
    reset_folder(folder)
    assert nats.process.wait(5) is not None  # stopped through its pid file
    again_nats, again_pg = Nats(folder / "nats", port=nats.port), Postgres(folder / "postgres", port=pg.port)
    again_nats.start()
    again_pg.start()
    try:
        with psycopg.connect(again_pg.url()) as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
    finally:
        again_nats.stop()
        again_pg.stop()
