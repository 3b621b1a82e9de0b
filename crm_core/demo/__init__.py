"""Demo data: a small Russian/English company with a few hundred records.

Everything is created through the record service, like any other data, so the
demo also exercises numbering, history, indexes and events. The random
generator is seeded: every demo database looks the same. Loading is skipped
when the database already holds contacts, so `make demo` can be run again.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from crm_core.access import Actor, Tool
from crm_core.demo.loader import DemoLoader
from crm_core.demo.names import DEMO_DOMAIN, DEMO_PASSWORD, STAFF, SUPPORT_ROLES
from crm_core.runtime import Runtime
from crm_core.storage.schema import mailbox, portal_user
from crm_core.storage.upsert import insert_or_ignore

__all__ = ["DEMO_PASSWORD", "STAFF", "demo_customer", "ensure_staff", "load_demo_data"]


async def ensure_organisation(runtime: Runtime) -> dict[str, str]:
    """The support side of the role tree, with a supervisor profile; role name → id."""
    access, system = runtime.access, runtime.system_actor
    profiles = await access.profile_ids()
    if "Supervisor Profile" not in profiles:
        supervisor = await access.add_profile(
            system, "Supervisor Profile", description="Watches and steers the queues"
        )
        await access.set_tools(system, supervisor, [Tool.SUPERVISE, Tool.DIAL_ANY, Tool.EXPORT])
        profiles = await access.profile_ids()
    role_ids = await access.role_ids()
    for name, parent, role_profiles in SUPPORT_ROLES:
        if name not in role_ids:
            role_id = await access.add_role(system, name, role_ids[parent])
            for profile in role_profiles:
                await access.link_profile(system, role_id, profiles[profile])
            role_ids = await access.role_ids()
    return role_ids


async def ensure_staff(runtime: Runtime) -> dict[str, Actor]:
    role_ids = await ensure_organisation(runtime)
    actors: dict[str, Actor] = {}
    for user_name, first, last, language, extension, admin, role in STAFF:
        user = await runtime.users.by_name(user_name)
        if user is None:
            user = await runtime.users.add(
                user_name=user_name,
                first_name=first,
                last_name=last,
                email=f"{user_name}@{DEMO_DOMAIN}",
                password=DEMO_PASSWORD,
                is_admin=admin,
                extension=extension,
                language=language,
                time_zone=runtime.settings.locale.time_zone,
                role_id=role_ids[role],
            )
        actors[user_name] = user.actor()
    return actors


async def ensure_mailboxes(runtime: Runtime) -> None:
    """support@ makes tickets, sales@ leads, at the demo's mail domain."""
    domain = runtime.settings.mail.domain
    now = dt.datetime.now(dt.UTC)
    async with runtime.db.write() as conn:
        for local, creates in (("support", "ticket"), ("sales", "lead")):
            await insert_or_ignore(
                conn,
                mailbox,
                {"address": f"{local}@{domain}", "creates": creates, "created_at": now},
            )


async def load_demo_data(runtime: Runtime) -> str:
    """Create the demo staff and records, unless the database has contacts already."""
    staff = await ensure_staff(runtime)
    await ensure_mailboxes(runtime)
    records = runtime.records
    if await records.count(staff["admin"], "Contacts") > 0:
        return "demo data already loaded; reusing it"
    rng = random.Random(20261122)
    loader = DemoLoader(records, staff, rng)
    await loader.run()
    # One customer can sign in to the portal, seeing their whole company's
    # tickets and documents, as a customer company's coordinator would.
    customer = await runtime.portal_users.grant(
        staff["admin"], loader.contacts[0].id, account_wide=True
    )
    await runtime.portal_users.set_password(customer.id, DEMO_PASSWORD)
    return f"demo data loaded: {loader.total} records"


async def demo_customer(runtime: Runtime) -> str | None:
    """The login of the demo's portal customer (the first with access)."""
    async with runtime.db.read() as conn:
        login = (
            await conn.execute(
                select(portal_user.c.login)
                .where(portal_user.c.active.is_(True))
                .order_by(portal_user.c.id)
                .limit(1)
            )
        ).scalar_one_or_none()
    return None if login is None else str(login)
