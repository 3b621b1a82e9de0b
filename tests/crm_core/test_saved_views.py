"""Saved list views: kept per user and module, shared on request, holding a
list query and nothing else."""

from __future__ import annotations

import pytest

from crm_core.errors import AccessDenied, NotFound, UnknownModule, ValidationFailed


async def test_views_are_private_until_shared_and_keep_only_the_list_query(crm) -> None:
    views = crm.runtime.saved_views
    mine = await views.save(
        crm.agent,
        "HelpDesk",
        "Срочные",
        "filter=ticketpriorities:eq:Urgent&sort=-createdtime&cursor=abc&csrf_token=x",
    )
    assert mine.query == "filter=ticketpriorities%3Aeq%3AUrgent&sort=-createdtime"
    assert [v.name for v in await views.for_module(crm.agent, "HelpDesk")] == ["Срочные"]
    assert await views.for_module(crm.admin, "HelpDesk") == []  # not shared
    shared = await views.save(
        crm.admin, "HelpDesk", "Открытые", "filter=ticketstatus:ne:Closed", shared=True
    )
    names = [v.name for v in await views.for_module(crm.agent, "HelpDesk")]
    assert names == ["Срочные", "Открытые"]  # own first, then shared
    assert await views.for_module(crm.agent, "Contacts") == []

    with pytest.raises(ValidationFailed, match="already have a view"):
        await views.save(crm.agent, "HelpDesk", "Срочные", "sort=ticket_title")
    with pytest.raises(ValidationFailed, match="name"):
        await views.save(crm.agent, "HelpDesk", "  ", "sort=ticket_title")
    with pytest.raises(UnknownModule):
        await views.save(crm.agent, "NoSuchModule", "X", "")

    with pytest.raises(AccessDenied):
        await views.remove(crm.agent, shared.id)  # someone else's
    with pytest.raises(NotFound):
        await views.remove(crm.admin, mine.id)  # private: not even seen
    await views.remove(crm.agent, mine.id)
    await views.remove(crm.admin, shared.id)
    assert await views.for_module(crm.agent, "HelpDesk") == []
