"""Demo data: a small Russian/English company with a few hundred records.

Everything is created through the record service, like any other data, so the
demo also exercises numbering, history, indexes and events. The random
generator is seeded: every demo database looks the same. Loading is skipped
when the database already holds contacts, so `make demo` can be run again.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from crm_core.access import Actor
from crm_core.records.documents import Upload
from crm_core.records.service import RecordService
from crm_core.runtime import Runtime

DEMO_PASSWORD = "switchboard"
DEMO_DOMAIN = "demo.switchboard.local"

STAFF = [
    # user name, first, last, language, extension, admin
    ("admin", "Анна", "Админова", "ru", None, True),
    ("director", "Виктор", "Директоров", "ru", "100", False),
    ("sales.lead", "Marina", "Salesova", "en", "200", False),
    ("sales1", "Игорь", "Продажин", "ru", "201", False),
    ("sales2", "Emily", "Clarke", "en", "202", False),
    ("support.lead", "Ольга", "Поддержкина", "ru", "300", False),
    ("agent1", "Дмитрий", "Звонков", "ru", "301", False),
    ("agent2", "Светлана", "Ответова", "ru", "302", False),
    ("agent3", "James", "Porter", "en", "303", False),
    ("supervisor", "Наталья", "Смотрова", "ru", "400", False),
]

RU_FIRST_M = ["Александр", "Сергей", "Андрей", "Михаил", "Алексей", "Николай", "Павел", "Олег"]
RU_FIRST_F = ["Елена", "Татьяна", "Мария", "Ирина", "Наталья", "Ольга", "Юлия", "Анна"]
RU_LAST = [
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Петров",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
]
EN_FIRST = ["John", "Sarah", "Michael", "Emma", "David", "Olivia", "James", "Sophie"]
EN_LAST = ["Smith", "Johnson", "Brown", "Taylor", "Wilson", "Evans", "Walker", "Wright"]
COMPANIES = [
    "Вектор",
    "Альфа-Строй",
    "Северный ветер",
    "ТехноСервис",
    "Горизонт",
    "Балтика Логистик",
    "Уральские сети",
    "Медиа Плюс",
    "Омега Трейд",
    "Сибирь Телеком",
    "Northwind Traders",
    "Blue Harbor Ltd",
    "Acme Robotics",
    "Greenfield Foods",
    "Silverline Systems",
    "Maple & Co",
]
CITIES = [
    ("Москва", "495"),
    ("Санкт-Петербург", "812"),
    ("Казань", "843"),
    ("Новосибирск", "383"),
    ("Екатеринбург", "343"),
    ("Нижний Новгород", "831"),
]
TICKET_TITLES = [
    "Не работает IP-телефон в переговорной",
    "Заявка на подключение нового сотрудника",
    "Ошибка при оплате счёта",
    "Не приходят письма с уведомлениями",
    "Просим продлить лицензию",
    "Плохое качество связи по вечерам",
    "Вопрос по тарифу",
    "Сбой в личном кабинете",
    "Need a copy of last month's invoice",
    "Headset stopped working after update",
    "Request to change billing address",
    "Call recordings are missing",
]
PRODUCTS = [
    ("IP-телефон Yealink T54W", "17500"),
    ("Гарнитура Jabra Evolve2 65", "21900"),
    ("Шлюз Grandstream GXW4216", "48300"),
    ("Headset Poly Voyager 4320", "189.00"),
    ("Лицензия колл-центра, 1 оператор", "2500"),
    ("Коммутатор PoE 24 порта", "36400"),
]
SERVICES = [
    ("Настройка АТС", "15000"),
    ("Обучение операторов", "9000"),
    ("Premium support, monthly", "450.00"),
    ("Аудит качества связи", "30000"),
]


def _phone(rng: random.Random, area: str) -> str:
    return f"+7{area}{rng.randrange(1000000, 9999999)}"


def _mobile(rng: random.Random) -> str:
    return f"+79{rng.randrange(10, 99)}{rng.randrange(1000000, 9999999)}"


def _person(rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.75:
        if rng.random() < 0.5:
            return rng.choice(RU_FIRST_M), rng.choice(RU_LAST)
        return rng.choice(RU_FIRST_F), rng.choice(RU_LAST) + "а"
    return rng.choice(EN_FIRST), rng.choice(EN_LAST)


def _email(first: str, last: str, n: int) -> str:
    ascii_name = "".join(ch for ch in f"{first}.{last}".lower() if ch.isascii())
    return f"{ascii_name.strip('.') or 'client'}{n}@example.ru"


async def ensure_staff(runtime: Runtime) -> dict[str, Actor]:
    actors: dict[str, Actor] = {}
    for user_name, first, last, language, extension, admin in STAFF:
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
            )
        actors[user_name] = user.actor()
    return actors


async def load_demo_data(runtime: Runtime) -> str:
    """Create the demo staff and records, unless the database has contacts already."""
    staff = await ensure_staff(runtime)
    records = runtime.records
    if await records.count(staff["admin"], "Contacts") > 0:
        return "demo data already loaded; reusing it"
    rng = random.Random(20261122)
    loader = _Loader(records, staff, rng)
    await loader.run()
    return f"demo data loaded: {loader.total} records"


class _Loader:
    def __init__(self, records: RecordService, staff: dict[str, Actor], rng: random.Random) -> None:
        self.records = records
        self.staff = staff
        self.rng = rng
        self.total = 0
        self.today = dt.date(2026, 11, 23)

    def owner(self, *names: str) -> int:
        return self.staff[self.rng.choice(names)].user_id

    async def make(
        self, module: str, values: dict[str, Any], actor: str = "admin", **kwargs: Any
    ) -> Any:
        record = await self.records.create(
            self.staff[actor], module, values, source="demo", **kwargs
        )
        self.total += 1
        return record

    async def run(self) -> None:
        rng = self.rng
        sales = ("sales.lead", "sales1", "sales2")
        support = ("support.lead", "agent1", "agent2", "agent3")

        vendors = [
            await self.make(
                "Vendors",
                {
                    "vendorname": name,
                    "email": f"orders@{name.split()[0].lower()}.example",
                    "phone": _phone(rng, "495"),
                    "city": "Москва",
                    "assigned_user_id": self.owner(*sales),
                },
            )
            for name in ("Телеком Поставка", "Global Voice Supply", "АйПи Дистрибуция")
        ]

        products = [
            await self.make(
                "Products",
                {
                    "productname": name,
                    "unit_price": price,
                    "qtyinstock": rng.randrange(5, 200),
                    "reorderlevel": 10,
                    "vendor_id": rng.choice(vendors).id,
                    "productcategory": "Hardware",
                    "assigned_user_id": self.owner(*sales),
                },
            )
            for name, price in PRODUCTS
        ]
        services = [
            await self.make(
                "Services",
                {
                    "servicename": name,
                    "unit_price": price,
                    "assigned_user_id": self.owner(*sales),
                },
            )
            for name, price in SERVICES
        ]
        book = await self.make("PriceBooks", {"bookname": "Розничный прайс 2026", "active": True})
        for item in products + services:
            await self.records.link(
                self.staff["admin"], "PriceBooks", book.id, item.module.name, item.id
            )

        accounts = []
        for i, name in enumerate(COMPANIES):
            city, area = rng.choice(CITIES)
            accounts.append(
                await self.make(
                    "Accounts",
                    {
                        "accountname": f"ООО «{name}»" if not name.isascii() else name,
                        "phone": _phone(rng, area),
                        "email1": f"info{i}@example.ru",
                        "website": f"https://company{i}.example.ru",
                        "bill_city": city,
                        "ship_city": city,
                        "industry": rng.choice(
                            ["Banking", "Communications", "Retail", "Transportation"]
                        ),
                        "employees": rng.randrange(10, 2000),
                        "assigned_user_id": self.owner(*sales),
                    },
                )
            )

        contacts = []
        for n in range(120):
            first, last = _person(rng)
            account = rng.choice(accounts)
            contacts.append(
                await self.make(
                    "Contacts",
                    {
                        "firstname": first,
                        "lastname": last,
                        "account_id": account.id,
                        "mobile": _mobile(rng),
                        "phone": account["phone"],
                        "email": _email(first, last, n),
                        "title": rng.choice(
                            ["Директор", "Бухгалтер", "Инженер", "IT manager", "Office manager"]
                        ),
                        "mailingcity": account["bill_city"],
                        "leadsource": rng.choice(
                            ["Cold Call", "Web Site", "Partner", "Existing Customer"]
                        ),
                        "assigned_user_id": account["assigned_user_id"],
                    },
                )
            )

        for n in range(40):
            first, last = _person(rng)
            city, area = rng.choice(CITIES)
            await self.make(
                "Leads",
                {
                    "firstname": first,
                    "lastname": last,
                    "company": f"{rng.choice(['ИП', 'ООО', 'АО'])} {last}",
                    "phone": _phone(rng, area),
                    "mobile": _mobile(rng),
                    "email": _email(first, last, 500 + n),
                    "city": city,
                    "leadsource": rng.choice(["Web Site", "Cold Call", "Trade Show"]),
                    "leadstatus": rng.choice(
                        ["Not Contacted", "Attempted to Contact", "Hot", "Warm"]
                    ),
                    "assigned_user_id": self.owner(*sales),
                },
            )

        campaigns = [
            await self.make(
                "Campaigns",
                {
                    "campaignname": name,
                    "closingdate": str(self.today + dt.timedelta(days=30 * k)),
                    "campaigntype": ctype,
                    "campaignstatus": "Active",
                    "expectedrevenue": "500000",
                    "assigned_user_id": self.owner(*sales),
                },
            )
            for k, (name, ctype) in enumerate(
                [
                    ("Зимняя распродажа гарнитур", "Email"),
                    ("Webinar: modern contact centers", "Webinar"),
                    ("Выставка Связь-2027", "Conference"),
                ],
                start=1,
            )
        ]
        for contact in rng.sample(contacts, 30):
            await self.records.link(
                self.staff["admin"], "Campaigns", rng.choice(campaigns).id, "Contacts", contact.id
            )

        for _ in range(30):
            account = rng.choice(accounts)
            await self.make(
                "Potentials",
                {
                    "potentialname": f"Колл-центр на {rng.choice([10, 25, 50, 100])} мест "
                    f"для {account['accountname']}"[:120],
                    "related_to": account.id,
                    "amount": str(rng.randrange(50, 5000) * 1000),
                    "closingdate": str(self.today + dt.timedelta(days=rng.randrange(10, 120))),
                    "sales_stage": rng.choice(
                        [
                            "Prospecting",
                            "Qualification",
                            "Needs Analysis",
                            "Negotiation or Review",
                            "Closed Won",
                        ]
                    ),
                    "probability": str(rng.choice([10, 25, 50, 75, 90])),
                    "assigned_user_id": account["assigned_user_id"],
                },
            )

        for n in range(12):
            account = rng.choice(accounts)
            module = ("Quotes", "SalesOrder", "Invoice")[n % 3]
            header: dict[str, Any] = {
                "subject": f"{module} {n + 1} — {account['accountname']}"[:100],
                "account_id": account.id,
                "bill_street": "ул. Тверская, 7",
                "ship_street": "ул. Тверская, 7",
                "bill_city": account["bill_city"],
                "hdnTaxType": "group",
                "assigned_user_id": account["assigned_user_id"],
            }
            header |= {
                "Quotes": {"quotestage": "Delivered"},
                "SalesOrder": {"sostatus": "Approved"},
                "Invoice": {"invoicestatus": "Sent", "invoicedate": str(self.today)},
            }[module]
            lines = [
                {
                    "productid": item.id,
                    "quantity": str(rng.randrange(1, 20)),
                    "listprice": str(item["unit_price"]),
                }
                for item in rng.sample(products + services, rng.randrange(1, 4))
            ]
            await self.make(module, header, line_items=lines)

        for n in range(60):
            contact = rng.choice(contacts)
            agent = rng.choice(support)
            ticket = await self.make(
                "HelpDesk",
                {
                    "ticket_title": rng.choice(TICKET_TITLES),
                    "contact_id": contact.id,
                    "parent_id": contact["account_id"],
                    "ticketpriorities": rng.choice(["Low", "Normal", "Normal", "High", "Urgent"]),
                    "ticketstatus": rng.choice(
                        ["Open", "In Progress", "Wait For Response", "Closed"]
                    ),
                    "ticketcategories": rng.choice(
                        ["Big Problem", "Small Problem", "Other Problem"]
                    ),
                    "description": "Клиент сообщил по телефону. Customer called in.",
                    "assigned_user_id": self.staff[agent].user_id,
                },
                actor=agent,
            )
            if n % 2 == 0:
                await self.make(
                    "Comments",
                    {
                        "commentcontent": rng.choice(
                            [
                                "Перезвонили клиенту, ждём ответа.",
                                "Передано во второй уровень.",
                                "Customer confirmed the fix works.",
                            ]
                        ),
                        "related_to": ticket.id,
                    },
                    actor=agent,
                )

        for n in range(10):
            await self.make(
                "Faq",
                {
                    "question": f"Как настроить переадресацию, вариант {n + 1}?",
                    "faq_answer": "Откройте настройки телефона и укажите номер переадресации.",
                    "faqstatus": "Published" if n % 3 else "Draft",
                    "faqcategories": "General",
                },
            )

        for n in range(30):
            contact = rng.choice(contacts)
            start = dt.datetime.combine(
                self.today + dt.timedelta(days=rng.randrange(-5, 15)),
                dt.time(rng.randrange(9, 18)),
                tzinfo=dt.UTC,
            )
            if n % 2:
                await self.make(
                    "Events",
                    {
                        "subject": f"Встреча: {contact['lastname']}",
                        "date_start": start.isoformat(),
                        "due_date": (start + dt.timedelta(hours=1)).isoformat(),
                        "eventstatus": "Planned",
                        "activitytype": "Meeting",
                        "contact_id": contact.id,
                        "assigned_user_id": self.owner(*sales),
                    },
                )
            else:
                await self.make(
                    "Tasks",
                    {
                        "subject": f"Перезвонить: {contact['lastname']}",
                        "date_start": start.isoformat(),
                        "due_date": str(start.date()),
                        "taskstatus": "Not Started",
                        "contact_id": contact.id,
                        "assigned_user_id": self.owner(*support),
                    },
                )

        for n in range(30):
            contact = rng.choice(contacts)
            started = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC) + dt.timedelta(minutes=17 * n)
            answered = n % 5 != 0
            talk = rng.randrange(30, 600) if answered else 0
            await self.make(
                "Calls",
                {
                    "direction": "inbound" if n % 3 else "outbound",
                    "callstatus": "answered" if answered else "missed",
                    "customernumber": contact["mobile"],
                    "customer": contact.id,
                    "customertype": "Contacts",
                    "starttime": started.isoformat(),
                    "endtime": (started + dt.timedelta(seconds=talk + 12)).isoformat(),
                    "totalduration": talk + 12,
                    "billduration": talk,
                    "sourceuuid": f"1732093200.{n}",
                    "assigned_user_id": self.owner(*support),
                },
            )

        vendor = vendors[0]
        await self.make(
            "PurchaseOrder",
            {
                "subject": "Закупка гарнитур на склад",
                "vendor_id": vendor.id,
                "bill_street": "ул. Складская, 3",
                "ship_street": "ул. Складская, 3",
                "hdnTaxType": "group",
                "assigned_user_id": self.owner(*sales),
            },
            line_items=[{"productid": products[1].id, "quantity": "50", "listprice": "15000"}],
        )
        for account in accounts[:4]:
            await self.make(
                "ServiceContracts",
                {
                    "subject": f"Поддержка 24/7 — {account['accountname']}"[:100],
                    "sc_related_to": account.id,
                    "tracking_unit": "Hours",
                    "start_date": str(self.today),
                    "total_units": "40",
                    "contract_status": "In Progress",
                    "assigned_user_id": self.owner(*support),
                },
            )
            await self.make(
                "Assets",
                {
                    "assetname": f"АТС {account['accountname']}"[:100],
                    "product": products[2].id,
                    "serialnumber": f"GXW-{rng.randrange(100000, 999999)}",
                    "account": account.id,
                    "datesold": str(self.today - dt.timedelta(days=200)),
                    "dateinservice": str(self.today - dt.timedelta(days=190)),
                    "assetstatus": "In Service",
                    "assigned_user_id": self.owner(*support),
                },
            )
        price_list = "\n".join(f"{name};{price}" for name, price in PRODUCTS + SERVICES)
        await self.records.create_document(
            self.staff["sales.lead"],
            {"notes_title": "Прайс-лист 2026", "notecontent": "Актуальные цены для клиентов."},
            Upload("прайс-2026.csv", "text/csv", price_list.encode()),
            attach_to=("Accounts", accounts[0].id),
        )
        self.total += 1

        project = await self.make(
            "Project",
            {
                "projectname": "Внедрение колл-центра «Вектор»",
                "projectstatus": "in progress",
                "startdate": str(self.today),
                "assigned_user_id": self.owner(*support),
            },
        )
        for k, name in enumerate(["Установка АТС", "Настройка очередей", "Обучение"], start=1):
            await self.make(
                "ProjectTask",
                {
                    "projecttaskname": name,
                    "projectid": project.id,
                    "startdate": str(self.today + dt.timedelta(days=7 * k)),
                    "assigned_user_id": self.owner(*support),
                },
            )
        await self.make(
            "ProjectMilestone",
            {
                "projectmilestonename": "Запуск в эксплуатацию",
                "projectid": project.id,
                "projectmilestonedate": str(self.today + dt.timedelta(days=30)),
                "assigned_user_id": self.owner(*support),
            },
        )
