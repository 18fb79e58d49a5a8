"""The local stack itself: a killed run does not stop the next one, a crashed role comes
back, PostgreSQL runs for root and for a normal user wherever the checkout lies, and
everyone mints tokens with the one key in the stack's folder."""
import asyncio
import json
import os
import pwd
import shutil
import stat
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
from grpc_health.v1 import health_pb2

from services.stack import pguser, state, tokens
from services.stack.infra import Nats, Postgres, reset_folder
from services.stack.runner import RESTART_DELAYS, STEADY, health_status, next_restart_delay, wait_serving
from tests.collection.client import Collection
from tests.events import collect, envelopes


@pytest.mark.integration
def test_a_folder_left_by_a_killed_run_is_cleaned_and_reused(tmp_path):
    folder = tmp_path / "stack"
    reset_folder(folder)
    nats, pg = Nats(folder / "nats"), Postgres(folder / "postgres", durable=False)
    nats.start()
    pg.start()
    # The run that owned them dies without stopping anything: pid files and sockets stay.
    assert (folder / "nats" / "nats.pid").exists() and (folder / "postgres" / "data" / "postmaster.pid").exists()
    reset_folder(folder)
    assert nats.process.wait(5) is not None  # stopped through its pid file
    again_nats, again_pg = Nats(folder / "nats", port=nats.port), Postgres(folder / "postgres", port=pg.port,
                                                                           durable=False)
    again_nats.start()
    again_pg.start()
    try:
        with psycopg.connect(again_pg.url()) as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
    finally:
        again_nats.stop()
        again_pg.stop()
        reset_folder(folder)


def test_restart_delays_double_while_a_role_keeps_crashing_and_reset_once_it_stays_up():
    first, longest = RESTART_DELAYS
    delays = [next_restart_delay(0, 0)]
    for _ in range(6):
        delays.append(next_restart_delay(delays[-1], stayed_up=1))
    assert delays == [first, first * 2, first * 4, first * 8, first * 16, longest, longest]
    assert next_restart_delay(longest, stayed_up=STEADY) == first


@pytest.mark.integration
async def test_a_crashed_role_comes_back_on_its_port_and_publishes_what_was_committed_meanwhile(
        stack, channel_to, issuer, new_town, nats_client, sql, capfd):
    relay = next(p for p in stack.processes if (p.service, p.role) == ("collection", "relay"))
    town = Collection(channel_to("collection"), issuer, new_town)
    await town.open_cycle()
    crashed = relay.process
    crashed.kill()
    await asyncio.to_thread(crashed.wait)
    created = await town.submit()
    # The first restart waits at least RESTART_DELAYS[0]: nothing has published this yet.
    [(unpublished,)] = sql("SELECT count(*) FROM collection.outbox WHERE town_id = %s AND published_at IS NULL",
                           (new_town,))
    assert unpublished >= 1
    deadline = time.monotonic() + 30
    while relay.process is crashed:
        assert time.monotonic() < deadline, "the relay was not restarted"
        await asyncio.sleep(0.05)
    await asyncio.to_thread(wait_serving, relay)
    assert health_status(relay.target) == health_pb2.HealthCheckResponse.SERVING
    messages = await collect(nats_client.jetstream(), f"minsheng.{new_town}.collection.>", expected=2, timeout=30)
    assert {e.aggregate_id for e in envelopes(messages) if e.event_type == "proposal_submitted"} == {created.name}
    assert "collection relay exited with -9, restarting in" in capfd.readouterr().out
    listed = next(r for r in state.read(stack.folder)["roles"] if r["grpc"] == relay.target)
    assert listed["pid"] == relay.process.pid != crashed.pid and listed["restarts"] >= 1


@pytest.mark.integration
def test_tests_and_the_token_command_sign_with_the_key_in_the_stack_folder(stack):
    key = stack.folder / tokens.KEY_FILE
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert tokens.issuer_for(stack.folder).public_key_pem() == stack.issuer.public_key_pem()
    assert state.read(stack.folder)["token"]["signing_key"] == str(key)


@pytest.fixture
def shared_folder():
    """A folder like /var/tmp (every user may enter it), removed after the test."""
    folder = Path(tempfile.mkdtemp(prefix="minsheng-test-shared-", dir=pguser.SHARED))
    folder.chmod(0o1777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.integration
@pytest.mark.skipif(not pguser.as_root(), reason="only root runs PostgreSQL as another user")
def test_root_runs_postgres_from_a_checkout_in_a_folder_no_other_user_can_enter(tmp_path, shared_folder):
    home = tmp_path / "root-home"
    home.mkdir(mode=0o700)
    wheel = pguser.copy_installation(pguser.WHEEL_INSTALLATION, home / "checkout" / ".venv" / "site-packages")
    folder = home / "checkout" / ".stack" / "postgres"
    assert not pguser.reaches(wheel / "bin" / "postgres")
    pg = Postgres(folder, installation=wheel, shared=shared_folder)
    try:
        pg.start()
        relocated = pg.home
        with psycopg.connect(pg.url()) as conn:
            assert conn.execute("SHOW fsync").fetchone() == ("on",)  # durable unless told otherwise
        assert shared_folder in pg.installation.parents and relocated.parent == shared_folder
        assert folder.is_symlink() and (folder / "data" / "PG_VERSION").exists()
        assert stat.S_IMODE(home.stat().st_mode) == 0o700  # nothing above the stack's folder was opened
    finally:
        pg.stop()
        pg.clean_stale()
    assert not folder.exists() and not relocated.exists()


def _run_postgres(folder: Path, installation: Path) -> dict:
    pg = Postgres(folder, installation=installation, durable=False)
    pg.start()
    try:
        with psycopg.connect(pg.url()) as conn:
            answer = conn.execute("SELECT 1").fetchone()[0]
        return {"answer": answer, "server_uid": Path(f"/proc/{pg.pid}").stat().st_uid,
                "folder_uid": pg.home.stat().st_uid, "linked": folder.is_symlink()}
    finally:
        pg.stop()


def _as_user(uid: int, gid: int, work) -> dict:
    """Runs `work()` in a child process that has become user `uid`, and returns its result."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            os.setgroups([])
            os.setgid(gid)
            os.setuid(uid)
            result = work()
        except BaseException as exc:  # the child must never return into pytest
            result = {"error": repr(exc)}
        os.write(write, json.dumps(result).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        output = pipe.read()
    os.waitpid(pid, 0)
    return json.loads(output)


@pytest.mark.integration
def test_a_normal_user_runs_postgres_as_itself(shared_folder):
    """Without root, PostgreSQL runs as the user, in the folder given: no system user, no
    change of owner. As root this runs in a child that has become `nobody`."""
    folder = shared_folder / "stack" / "postgres"
    installation = pguser.installation(shared=pguser.SHARED)
    if not pguser.as_root():
        result, uid = _run_postgres(folder, installation), os.getuid()
    else:
        nobody = pwd.getpwnam("nobody")
        if not all(pguser.reaches(p) for p in (installation / "bin" / "postgres", shared_folder)):
            pytest.skip("the PostgreSQL installation is out of reach of other users")
        result = _as_user(nobody.pw_uid, nobody.pw_gid, lambda: _run_postgres(folder, installation))
        uid = nobody.pw_uid
    assert result == {"answer": 1, "server_uid": uid, "folder_uid": uid, "linked": False}
