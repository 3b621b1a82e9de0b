"""One node at a time: the advisory lock behind the AMI connection."""

from __future__ import annotations

import asyncio

from sqlalchemy import text

from crm_core.settings import Settings
from crm_core.storage.database import Database
from crm_core.storage.singleton import Singleton, lock_key


def test_lock_keys_are_stable_and_distinct() -> None:
    assert lock_key("pbx.ami") == lock_key("pbx.ami")
    assert lock_key("pbx.ami") != lock_key("mail.imap")
    assert -(2**63) <= lock_key("pbx.ami") < 2**63


async def test_only_one_holder_until_it_lets_go(settings: Settings) -> None:
    first_node, second_node = Database(settings.database_url), Database(settings.database_url)
    try:
        first = Singleton(first_node, "pbx.ami")
        second = Singleton(second_node, "pbx.ami")
        assert await first.try_acquire()
        if first_node.is_sqlite:
            # One process serves a SQLite file: the lock is always its own.
            assert await second.try_acquire()
            return
        assert not await second.try_acquire()
        other_work = Singleton(second_node, "mail.imap")
        assert await other_work.try_acquire()
        await other_work.release()
        await first.release()
        assert await second.try_acquire()
        await second.release()
    finally:
        await first_node.close()
        await second_node.close()


async def test_a_dead_holder_releases_the_lock(settings: Settings) -> None:
    first_node, second_node = Database(settings.database_url), Database(settings.database_url)
    try:
        if first_node.is_sqlite:
            return
        first = Singleton(first_node, "pbx.ami")
        assert await first.try_acquire()
        assert first._conn is not None
        await first._conn.invalidate()  # its session is gone, as when the node dies
        second = Singleton(second_node, "pbx.ami")
        assert await second.try_acquire()
        await second.release()
    finally:
        await first_node.close()
        await second_node.close()


async def test_a_holder_learns_it_lost_the_lock_and_keeps_it_otherwise(
    settings: Settings,
) -> None:
    node = Database(settings.database_url)
    try:
        holder = Singleton(node, "pbx.ami", retry_s=0.05)
        assert await holder.try_acquire()
        watching = asyncio.create_task(holder.lost())
        await asyncio.sleep(0.3)
        assert not watching.done()  # checked several times, still held
        assert holder.held
        if node.is_sqlite:
            watching.cancel()
            return
        assert holder._conn is not None
        pid = (await holder._conn.get_raw_connection()).driver_connection.get_server_pid()
        async with node.engine.connect() as admin:
            await admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            await admin.commit()
        await asyncio.wait_for(watching, 5)
        assert not holder.held
        other = Singleton(node, "pbx.ami")
        assert await other.try_acquire()
        await other.release()
    finally:
        await node.close()


async def test_releasing_after_the_session_ended_is_quiet_and_frees_the_lock(
    settings: Settings,
) -> None:
    node = Database(settings.database_url)
    try:
        if node.is_sqlite:
            return
        holder = Singleton(node, "pbx.ami")
        assert await holder.try_acquire()
        assert holder._conn is not None
        pid = (await holder._conn.get_raw_connection()).driver_connection.get_server_pid()
        async with node.engine.connect() as admin:
            await admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            await admin.commit()
        await holder.release()  # must not raise: the lock ended with the session
        assert not holder.held
        other = Singleton(node, "pbx.ami")
        assert await other.try_acquire()
        await other.release()
    finally:
        await node.close()
