"""Actions beyond login: lists that show the live PBX, queue member changes,
Hangup, Originate's checks, ChanSpy."""

from __future__ import annotations

from sim_client import SECRET, Client, keys, misordered_snapshots

from pbx.simulator import AmiSimulator, QueueConfig

CALLER = {"caller": "84951234567", "did": "74957654321"}


async def test_core_show_channels_shows_a_call_in_progress(
    sim: AmiSimulator, client: Client
) -> None:
    talking = sim.at("talking", "102")
    call = sim.start_scenario("internal", caller="101", callee="102", talk_s=30)
    async with talking as reached:
        await client.send(Action="CoreShowChannels", ActionID="csc")
        reply = await client.reply("csc")
        items = await client.list_items("csc", "CoreShowChannelsComplete")
    await call
    assert keys(reply) == ["Response", "ActionID", "EventList", "Message"]
    assert (reply["EventList"], reply["Message"]) == ("start", "Channels will follow")
    assert len(items) == 2
    for item in items:
        assert keys(item)[:3] == ["Event", "ActionID", "Channel"]
        assert keys(item)[-4:] == ["Application", "ApplicationData", "Duration", "BridgeId"]
        assert misordered_snapshots(item) == []
        assert "Privilege" not in item and "Timestamp" not in item
        assert item["Linkedid"] == reached.linkedid
        assert item["Duration"] == "00:00:04"
    caller, callee = items
    assert caller["Channel"].startswith("PJSIP/101-") and callee["Channel"].startswith("PJSIP/102-")
    assert caller["BridgeId"] == callee["BridgeId"] != ""
    assert (caller["Application"], caller["ApplicationData"]) == ("Dial", "PJSIP/102,20")
    assert (callee["Application"], callee["ApplicationData"]) == ("AppDial", "(Outgoing Line)")
    complete = client.events("CoreShowChannelsComplete")[0]
    assert keys(complete) == ["Event", "ActionID", "EventList", "ListItems"]
    assert complete["ListItems"] == "2"


async def test_queue_status_shows_a_waiting_caller(sim: AmiSimulator, client: Client) -> None:
    second_round = sim.at("ringing", "107")
    call = sim.start_scenario("queue_ring_no_answer", queue="billing", **CALLER)
    async with second_round:
        await client.send(Action="QueueStatus", Queue="billing", ActionID="qs")
        reply = await client.reply("qs")
        items = await client.list_items("qs", "QueueStatusComplete")
        await client.send(Action="CoreShowChannels", ActionID="csc")
        channels = await client.list_items("csc", "CoreShowChannelsComplete")
    await call
    assert reply["Message"] == "Queue status will follow"
    assert [m["Event"] for m in items] == [
        "QueueParams",
        "QueueMember",
        "QueueMember",
        "QueueEntry",
    ]
    params, first, second, entry = items
    assert keys(params)[1:] == [
        "Queue",
        "Max",
        "Strategy",
        "Calls",
        "Holdtime",
        "TalkTime",
        "Completed",
        "Abandoned",
        "ServiceLevel",
        "ServicelevelPerf",
        "ServicelevelPerf2",
        "Weight",
        "ActionID",
    ]
    assert (params["Strategy"], params["Calls"], params["ServicelevelPerf"]) == (
        "linear",
        "1",
        "0.0",
    )
    assert keys(first)[1:4] == ["Queue", "Name", "Location"]
    assert "Ringinuse" not in first and "MemberName" not in first
    assert (first["Location"], first["Status"], second["Location"], second["Status"]) == (
        "PJSIP/106",
        "1",
        "PJSIP/107",
        "6",
    )
    assert keys(entry)[1:] == [
        "Queue",
        "Position",
        "Channel",
        "Uniqueid",
        "CallerIDNum",
        "CallerIDName",
        "ConnectedLineNum",
        "ConnectedLineName",
        "Wait",
        "Priority",
        "ActionID",
    ]
    assert (entry["Wait"], entry["Position"], entry["CallerIDNum"]) == ("20", "1", "84951234567")
    assert (entry["CallerIDName"], entry["ConnectedLineNum"]) == ('ООО "Ромашка"', "unknown")
    caller = next(c for c in channels if c["Uniqueid"] == entry["Uniqueid"])
    assert caller["Linkedid"] == entry["Uniqueid"]
    assert (caller["Application"], caller["ApplicationData"]) == ("Queue", "billing,tT,,,300")
    member = next(c for c in channels if c["Channel"].startswith("PJSIP/107-"))
    assert (member["Application"], member["ApplicationData"]) == ("AppQueue", "(Outgoing Line)")
    assert member["Linkedid"] == entry["Uniqueid"] and member["ChannelStateDesc"] == "Ringing"
    complete = client.events("QueueStatusComplete")[0]
    assert complete["ListItems"] == "4"


async def test_queue_pause_replies_then_reports_the_member(client: Client) -> None:
    await client.send(
        Action="QueuePause", ActionID="p1", Interface="PJSIP/104", Paused="true", Reason="Обед"
    )
    reply = await client.reply("p1")
    assert (reply["Response"], reply["Message"]) == ("Success", "Interface paused successfully")
    paused = await client.event("QueueMemberPause")
    assert client.messages.index(reply) < client.messages.index(paused)
    assert (paused["Queue"], paused["Interface"], paused["Paused"], paused["PausedReason"]) == (
        "sales",
        "PJSIP/104",
        "1",
        "Обед",
    )
    assert paused["Privilege"] == "agent,all"
    await client.send(Action="QueuePause", ActionID="p2", Interface="PJSIP/104", Paused="false")
    assert (await client.reply("p2"))["Message"] == "Interface unpaused successfully"
    back = await client.nth("QueueMemberPause", 2)
    assert (back["Paused"], back["PausedReason"]) == ("0", "")


async def test_queue_pause_refuses_what_it_cannot_do(client: Client) -> None:
    await client.send(Action="QueuePause", ActionID="p1", Interface="PJSIP/999", Paused="true")
    reply = await client.reply("p1")
    assert (reply["Response"], reply["Message"]) == ("Error", "Interface not found")
    await client.send(Action="QueuePause", ActionID="p2", Interface="PJSIP/101")
    assert (await client.reply("p2"))["Message"] == "Need 'Interface' and 'Paused' parameters."
    await client.send(
        Action="QueuePause", ActionID="p3", Interface="PJSIP/101", Paused="1", Queue="sales"
    )
    assert (await client.reply("p3"))["Message"] == "Interface not found"


async def test_queue_add_and_remove(client: Client) -> None:
    await client.send(
        Action="QueueAdd",
        ActionID="a1",
        Queue="support",
        Interface="PJSIP/108",
        Penalty="2",
        MemberName="Сергей",
    )
    assert (await client.reply("a1"))["Message"] == "Added interface to queue"
    added = await client.event("QueueMemberAdded")
    assert (added["MemberName"], added["Membership"], added["Penalty"]) == (
        "Сергей",
        "dynamic",
        "2",
    )
    assert added["StateInterface"] == "PJSIP/108" and added["Status"] == "1"
    await client.send(Action="QueueAdd", ActionID="a2", Queue="support", Interface="PJSIP/108")
    again = await client.reply("a2")
    assert (again["Response"], again["Message"]) == (
        "Error",
        "Unable to add interface: Already there",
    )
    await client.send(Action="QueueAdd", ActionID="a3", Queue="nope", Interface="PJSIP/108")
    assert (await client.reply("a3"))[
        "Message"
    ] == "Unable to add interface to queue: No such queue"
    await client.send(Action="QueueAdd", ActionID="a4", Interface="PJSIP/108")
    assert (await client.reply("a4"))["Message"] == "'Queue' not specified."
    await client.send(Action="QueueRemove", ActionID="r1", Queue="support", Interface="PJSIP/108")
    assert (await client.reply("r1"))["Message"] == "Removed interface from queue"
    removed = await client.event("QueueMemberRemoved")
    assert removed["Interface"] == "PJSIP/108"
    await client.send(Action="QueueRemove", ActionID="r2", Queue="support", Interface="PJSIP/108")
    assert (await client.reply("r2"))["Message"] == "Unable to remove interface: Not there"
    await client.send(Action="QueueRemove", ActionID="r3", Queue="nope", Interface="PJSIP/108")
    assert (await client.reply("r3"))["Message"] == (
        "Unable to remove interface from queue: No such queue"
    )


async def test_static_members_cannot_be_removed() -> None:
    queue = QueueConfig("support", "ringall", ("101",), dynamic_members=False)
    async with AmiSimulator(speed=0, secret=SECRET, queues=[queue]) as sim:
        client = await Client.connect(sim.port)
        try:
            await client.login(SECRET)
            await client.send(
                Action="QueueRemove", ActionID="r1", Queue="support", Interface="PJSIP/101"
            )
            assert (await client.reply("r1"))["Message"] == "Member not dynamic"
        finally:
            await client.close()


async def test_hangup_ends_a_conversation_from_that_side(sim: AmiSimulator, client: Client) -> None:
    talking = sim.at("talking", "102")
    call = sim.start_scenario("internal", caller="101", callee="102", talk_s=600)
    async with talking:
        callee = next(c for c in sim.world.pbx.channels.values() if c.extension == "102")
        await client.send(Action="Hangup", ActionID="h1", Channel=callee.name, Cause="16")
        reply = await client.reply("h1")
        assert (reply["Response"], reply["Message"]) == ("Success", "Channel Hungup")
    [expected] = await call
    await client.sync()
    request = client.events("SoftHangupRequest")[0]
    assert request["Channel"] == callee.name
    assert (expected["outcome"], expected["talk_s"]) == ("answered", 0)


async def test_hangup_of_a_waiting_caller_is_an_abandon(sim: AmiSimulator, client: Client) -> None:
    queued = sim.at("ringing", "103")
    call = sim.start_scenario("queue_answered", ring_s=30, **CALLER)
    async with queued:
        caller = next(
            c for c in sim.world.pbx.channels.values() if c.name.startswith("PJSIP/trunk")
        )
        await client.send(Action="Hangup", ActionID="h1", Channel=caller.name)
        await client.reply("h1")
    [expected] = await call
    assert (expected["outcome"], expected["wait_s"]) == ("abandoned", 0)


async def test_hangup_refusals(client: Client) -> None:
    await client.send(Action="Hangup", ActionID="h1", Channel="PJSIP/101-deadbeef")
    assert (await client.reply("h1"))["Message"] == "No such channel"
    await client.send(Action="Hangup", ActionID="h2")
    assert (await client.reply("h2"))["Message"] == "No channel specified"


async def test_originate_checks_like_asterisk(client: Client) -> None:
    cases = {
        "o1": ({"Exten": "102"}, "Channel not specified"),
        "o2": (
            {"Channel": "PJSIP/101", "Exten": "102", "Async": "true"},
            "Originate with 'Exten' requires 'Context' and 'Priority'",
        ),
        "o3": (
            {"Channel": "PJSIP/101", "Application": "System", "Data": "rm -rf /"},
            "Originate Access Forbidden: app or data blacklisted",
        ),
        "o4": (
            {"Channel": "101", "Context": "x", "Exten": "1", "Priority": "1"},
            "Invalid channel",
        ),
        "o5": (
            {"Channel": "PJSIP/101", "Context": "x", "Exten": "1", "Priority": "x"},
            "Invalid priority",
        ),
    }
    for action_id, (headers, message) in cases.items():
        await client.send(Action="Originate", ActionID=action_id, **headers)
        reply = await client.reply(action_id)
        assert (reply["Response"], reply["Message"]) == ("Error", message), action_id


async def test_originate_to_a_phone_the_pbx_does_not_have_fails_later(client: Client) -> None:
    await client.send(
        Action="Originate",
        ActionID="o1",
        Channel="PJSIP/999",
        Context="from-internal",
        Exten="101",
        Priority="1",
        Async="true",
    )
    assert (await client.reply("o1"))["Message"] == "Originate successfully queued"
    response = await client.event("OriginateResponse")
    assert (response["ActionID"], response["Response"], response["Reason"]) == (
        "o1",
        "Failure",
        "0",
    )
    assert (response["Channel"], response["Uniqueid"]) == ("PJSIP/999", "<unknown>")


async def test_an_unanswered_originate_reports_reason_3(sim: AmiSimulator, client: Client) -> None:
    sim.behaviour.agent_answers = False
    await client.send(
        Action="Originate",
        ActionID="o1",
        Channel="PJSIP/101",
        Context="from-internal",
        Exten="84951234567",
        Priority="1",
        Async="true",
        Timeout="20000",
        ChannelId="sb-9",
    )
    response = await client.event("OriginateResponse")
    assert (response["Response"], response["Reason"], response["Uniqueid"]) == (
        "Failure",
        "3",
        "sb-9",
    )
    await client.event("Hangup")
    [call] = sim.finished_calls()
    assert (call["outcome"], call["wait_s"]) == ("failed", 20)


async def test_a_synchronous_originate_replies_once_answered(client: Client) -> None:
    await client.send(
        Action="Originate",
        ActionID="sync",
        Channel="PJSIP/101",
        Context="from-internal",
        Exten="102",
        Priority="1",
    )
    reply = await client.reply("sync")
    assert reply["Message"] == "Originate successfully queued"
    await client.nth("Hangup", 2)
    first_event = client.events("Newchannel")[0]
    assert client.messages.index(reply) < client.messages.index(first_event)
    assert client.events("OriginateResponse") == []


async def test_chanspy_listens_until_the_agents_call_ends(
    sim: AmiSimulator, client: Client
) -> None:
    talking = sim.at("talking", "102")
    call = sim.start_scenario("internal", caller="101", callee="102", talk_s=60)
    async with talking:
        await client.send(
            Action="Originate",
            ActionID="spy",
            Channel="PJSIP/108",
            Application="ChanSpy",
            Data="PJSIP/101-,qE",
            Async="true",
        )
        await client.reply("spy")
    await call
    stop = await client.event("ChanSpyStop")
    start = client.events("ChanSpyStart")[0]
    assert start["SpyerChannel"].startswith("PJSIP/108-")
    assert start["SpyeeChannel"].startswith("PJSIP/101-")
    assert misordered_snapshots(start) == [] and misordered_snapshots(stop) == []
    response = client.events("OriginateResponse")[0]
    assert (response["Application"], response["Data"]) == ("ChanSpy", "PJSIP/101-,qE")
    spy_hangup = await client.wait_for(
        lambda m: m.get("Event") == "Hangup" and m.get("Channel", "").startswith("PJSIP/108-")
    )
    assert client.messages.index(stop) < client.messages.index(spy_hangup)
    assert [c["caller"] for c in sim.finished_calls()] == ["101"]


async def test_hangup_by_regex_lists_what_it_hung_up(sim: AmiSimulator, client: Client) -> None:
    talking = sim.at("talking", "102")
    call = sim.start_scenario("internal", caller="101", callee="102", talk_s=600)
    async with talking:
        await client.send(Action="Hangup", ActionID="rx", Channel="/^PJSIP/10[12]-/")
        reply = await client.reply("rx")
        items = await client.list_items("rx", "ChannelsHungupListComplete")
    await call
    assert (reply["EventList"], reply["Message"]) == ("start", "Channels hung up will follow")
    assert sorted(m["Channel"][:10] for m in items) == ["PJSIP/101-", "PJSIP/102-"]
    assert [keys(m) for m in items] == [["Event", "Channel", "ActionID"]] * 2


async def test_a_local_originate_from_a_client(sim: AmiSimulator, client: Client) -> None:
    await client.send(
        Action="Originate",
        ActionID="loc",
        Channel="Local/104@from-internal",
        Context="from-internal",
        Exten="84951234567",
        Priority="1",
        Async="true",
    )
    response = await client.event("OriginateResponse")
    assert response["Channel"].startswith("Local/104@from-internal-")
    assert response["Channel"].endswith(";1")
    await client.wait_for(
        lambda m: m.get("Event") == "Hangup" and m.get("Channel", "").startswith("PJSIP/trunk-")
    )
    [call] = sim.finished_calls()
    assert (call["linkedid"], call["caller"]) == (response["Uniqueid"], "104")
