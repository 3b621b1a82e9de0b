"""Who and what the simulated PBX has: desks, queues, a trunk, numbers.

Defaults describe a small Moscow contact centre: eight desks (101–108), three
queues with the three strategies the CRM has to understand, one trunk, two
DIDs and a handful of Russian callers written the ways providers send them
(``+7…``, ``8…``, ``7…``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

STRATEGIES = frozenset(
    {"ringall", "leastrecent", "fewestcalls", "random", "rrmemory", "linear", "rrordered"}
)


@dataclass(frozen=True, slots=True)
class Agent:
    extension: str
    name: str


@dataclass(frozen=True, slots=True)
class QueueConfig:
    name: str
    strategy: str = "ringall"
    members: tuple[str, ...] = ()
    """Extensions of the static members, in queues.conf order (linear rings in this order)."""
    timeout_s: int = 15
    """How long one member rings before app_queue gives up on them."""
    retry_s: int = 5
    """Pause before the next ring round."""
    service_level_s: int = 60
    autopause: bool = False
    weight: int = 0
    dynamic_members: bool = True
    """Members as agents logged in with QueueAdd (kept across restarts, as
    ``persistentmembers`` does); False for ``member =>`` lines in queues.conf,
    which QueueRemove refuses to remove."""

    def __post_init__(self) -> None:
        if self.strategy not in STRATEGIES:
            raise ValueError(f"queue {self.name}: unknown strategy {self.strategy!r}")


@dataclass(frozen=True, slots=True)
class Caller:
    number: str
    """As the provider sends it in CallerIDNum (not normalised)."""
    name: str = ""


DEFAULT_AGENTS = (
    Agent("101", "Анна Смирнова"),
    Agent("102", "Иван Петров"),
    Agent("103", "Мария Кузнецова"),
    Agent("104", "Олег Соколов"),
    Agent("105", "Елена Попова"),
    Agent("106", "Дмитрий Васильев"),
    Agent("107", "Ольга Новикова"),
    Agent("108", "Сергей Морозов"),
)
DEFAULT_QUEUES = (
    QueueConfig("support", "ringall", ("101", "102", "103")),
    QueueConfig("sales", "rrmemory", ("104", "105")),
    QueueConfig("billing", "linear", ("106", "107")),
)
DEFAULT_CALLERS = (
    Caller("+79161234567"),
    Caller("84951234567", 'ООО "Ромашка"'),
    Caller("79037654321", "Петр Сидоров"),
    Caller("+74997001122"),
    Caller("89265554433"),
    Caller("+78123456789", "Northwind Traders"),
)
DEFAULT_DIDS = ("74957654321", "74951112233")


@dataclass(frozen=True)
class PbxConfig:
    agents: tuple[Agent, ...] = DEFAULT_AGENTS
    queues: tuple[QueueConfig, ...] = DEFAULT_QUEUES
    callers: tuple[Caller, ...] = DEFAULT_CALLERS
    dids: tuple[str, ...] = DEFAULT_DIDS
    trunk: str = "trunk"
    """The PJSIP endpoint of the provider: channels ``PJSIP/trunk-0000001a``."""
    internal_context: str = "from-internal"
    trunk_context: str = "from-trunk"
    language: str = "ru"
    region: str = "RU"
    """Country for reading numbers without a country code in the expected calls."""
    outbound_caller_id: str = field(default="")
    """What the customer sees on click-to-call; the first DID when empty."""

    def __post_init__(self) -> None:
        extensions = [agent.extension for agent in self.agents]
        if len(set(extensions)) != len(extensions):
            raise ValueError("agent extensions must be unique")
        for queue in self.queues:
            unknown = [ext for ext in queue.members if ext not in extensions]
            if unknown:
                raise ValueError(f"queue {queue.name}: unknown member extensions {unknown}")
        if not self.callers or not self.dids:
            raise ValueError("at least one caller number and one DID are needed")

    def agent(self, extension: str) -> Agent | None:
        return next((a for a in self.agents if a.extension == extension), None)

    @property
    def caller_id(self) -> str:
        return self.outbound_caller_id or self.dids[0]


def build_config(
    *,
    agents: Iterable[Agent | str] | None = None,
    queues: Iterable[QueueConfig] | None = None,
    caller_numbers: Sequence[Caller | str] | None = None,
    dids: Sequence[str] | None = None,
    region: str = "RU",
) -> PbxConfig:
    """The public constructor's loose arguments (plain strings allowed) as a PbxConfig."""
    defaults = PbxConfig()
    return PbxConfig(
        agents=defaults.agents
        if agents is None
        else tuple(a if isinstance(a, Agent) else Agent(a, f"Agent {a}") for a in agents),
        queues=defaults.queues if queues is None else tuple(queues),
        callers=defaults.callers
        if caller_numbers is None
        else tuple(c if isinstance(c, Caller) else Caller(c) for c in caller_numbers),
        dids=defaults.dids if dids is None else tuple(dids),
        region=region,
    )
