"""Uniqueid and Linkedid as AMI.md §3 describes them."""

from __future__ import annotations

from sim_client import Client, keys, tag

from pbx.simulator import AmiSimulator


def epoch_counter(uniqueid: str) -> tuple[int, int]:
    seconds, _, counter = uniqueid.partition(".")
    return int(seconds), int(counter)


async def test_attended_transfer_moves_the_target_to_the_callers_linkedid(
    sim: AmiSimulator, client: Client
) -> None:
    consult, main = await sim.run("attended_transfer", target="104")
    await client.sync()
    target = [m for m in client.events() if m.get("Channel", "").startswith("PJSIP/104-")]
    before = [m for m in target if m["Linkedid"] == consult["linkedid"]]
    after = [m for m in target if m["Linkedid"] == main["linkedid"]]
    assert before and after
    assert target.index(after[0]) == len(before), "the Linkedid changes once, for good"
    entered = after[0]
    assert (entered["Event"], entered["BridgeNumChannels"]) == ("BridgeEnter", "2")
    consulting = next(
        m for m in client.events("Newchannel") if m["Uniqueid"] == consult["linkedid"]
    )
    assert consulting["Channel"].startswith("PJSIP/101-")
    assert consulting["Linkedid"] == consult["linkedid"]
    # AttendedTransfer is built before anyone moves: its target still has the old Linkedid.
    transfer = client.events("AttendedTransfer")[0]
    assert transfer["TransferTargetLinkedid"] == consult["linkedid"]
    assert transfer["TransfereeLinkedid"] == main["linkedid"]
    assert transfer["DestBridgeUniqueid"] == transfer["OrigBridgeUniqueid"]
    assert (transfer["DestType"], transfer["Result"], transfer["IsExternal"]) == (
        "Bridge",
        "Success",
        "Yes",
    )
    order = keys(transfer)
    assert order.index("OrigTransfererChannel") < order.index("OrigBridgeUniqueid")
    assert order.index("OrigBridgeVideoSourceMode") < order.index("SecondTransfererChannel")
    assert order.index("SecondBridgeUniqueid") < order.index("TransfereeChannel")
    assert (
        order.index("TransferTargetLinkedid") < order.index("IsExternal") < order.index("DestType")
    )


async def test_blind_transfer_keeps_the_transferees_linkedid(
    sim: AmiSimulator, client: Client
) -> None:
    [call] = await sim.run("blind_transfer", target="105")
    await client.sync()
    new_leg = next(m for m in client.events("Newchannel") if m["Channel"].startswith("PJSIP/105-"))
    assert new_leg["Linkedid"] == call["linkedid"]
    assert {m["Linkedid"] for m in client.events() if "Linkedid" in m} == {call["linkedid"]}
    transfer = client.events("BlindTransfer")[0]
    assert (transfer["Extension"], transfer["Context"], transfer["IsExternal"]) == (
        "105",
        "from-internal",
        "Yes",
    )
    assert transfer["TransfererChannel"].startswith("PJSIP/101-")
    assert transfer["TransfereeChannel"].startswith("PJSIP/trunk-")


async def test_originate_makes_the_agent_leg_the_oldest_channel(
    sim: AmiSimulator, client: Client
) -> None:
    await client.send(
        Action="Originate",
        ActionID="c2c-1",
        Channel="PJSIP/102",
        Context="from-internal",
        Exten="84951234567",
        Priority="1",
        Async="true",
        Timeout="30000",
        CallerID='"Клиент" <84951234567>',
        Variable=["__SB_RECORD=Calls:42", "SB_USER=7"],
    )
    reply = await client.reply("c2c-1")
    assert (reply["Response"], reply["Message"]) == ("Success", "Originate successfully queued")
    ended = await client.wait_for(
        lambda m: m.get("Event") == "Hangup" and m.get("Channel", "").startswith("PJSIP/trunk-")
    )
    agent = client.events("Newchannel")[0]
    assert agent["Channel"].startswith("PJSIP/102-")
    assert agent["Uniqueid"] == agent["Linkedid"] == ended["Linkedid"]
    trunk = client.events("Newchannel")[1]
    assert epoch_counter(agent["Uniqueid"]) < epoch_counter(trunk["Uniqueid"])
    assert client.messages.index(reply) < client.messages.index(agent)
    response = client.events("OriginateResponse")[0]
    assert keys(response)[3:] == [
        "ActionID",
        "Response",
        "Channel",
        "Context",
        "Exten",
        "Reason",
        "Uniqueid",
        "CallerIDNum",
        "CallerIDName",
    ]
    assert (response["ActionID"], response["Response"], response["Reason"]) == (
        "c2c-1",
        "Success",
        "4",
    )
    assert (response["Uniqueid"], response["Channel"]) == (agent["Uniqueid"], agent["Channel"])
    assert (response["CallerIDNum"], response["CallerIDName"]) == ("84951234567", "Клиент")
    variables = {(m["Variable"], m["Uniqueid"]) for m in client.events("VarSet")}
    assert ("__SB_RECORD", agent["Uniqueid"]) in variables
    assert ("SB_USER", agent["Uniqueid"]) in variables
    assert ("__SB_RECORD", trunk["Uniqueid"]) in variables
    assert ("SB_USER", trunk["Uniqueid"]) not in variables
    [call] = sim.finished_calls()
    assert call["linkedid"] == agent["Uniqueid"]
    assert (call["direction"], call["caller"], call["callee"]) == (
        "outbound",
        "102",
        "+74951234567",
    )


async def test_originate_honours_channel_id(sim: AmiSimulator, client: Client) -> None:
    await client.send(
        Action="Originate",
        ActionID="c2c-2",
        Channel="PJSIP/101",
        Context="from-internal",
        Exten="102",
        Priority="1",
        Async="yes",
        ChannelId="sb-call-7f3a",
    )
    await client.reply("c2c-2")
    await client.nth("Hangup", 2)
    agent = client.events("Newchannel")[0]
    assert agent["Uniqueid"] == agent["Linkedid"] == "sb-call-7f3a"
    assert client.events("OriginateResponse")[0]["Uniqueid"] == "sb-call-7f3a"
    assert {m["Linkedid"] for m in client.events("Hangup")} == {"sb-call-7f3a"}
    [call] = sim.finished_calls()
    assert (call["linkedid"], call["direction"], call["callee"], call["agents_rung"]) == (
        "sb-call-7f3a",
        "internal",
        "102",
        ["102"],
    )


async def test_a_local_originate_is_linked_to_its_first_local_channel(
    sim: AmiSimulator, client: Client
) -> None:
    [call] = await sim.run("click_to_call", agent="101", local=True, channel_id="sb-local")
    await client.sync()
    names = [m["Channel"] for m in client.events("Newchannel")]
    assert names[0].startswith("Local/101@from-internal-") and names[0].endswith(";1")
    assert names[1].endswith(";2") and names[2].startswith("PJSIP/101-")
    assert {m["Linkedid"] for m in client.events("Newchannel")} == {"sb-local"}
    assert call["linkedid"] == "sb-local"
    assert (call["caller"], call["agents_rung"], call["answered_by"]) == ("101", [], None)
    swap = next(m for m in client.events("BridgeEnter") if "SwapUniqueid" in m)
    assert swap["SwapUniqueid"] == "sb-local"
    assert swap["Channel"].startswith("PJSIP/101-")
    tags = [tag(m) for m in client.events()]
    assert "LocalBridge" in tags
    assert tags.index("LocalOptimizationBegin") < tags.index("LocalOptimizationEnd")
