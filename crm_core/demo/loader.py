"""The records of the demo company, created through the record service."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from crm_core.access import Actor
from crm_core.demo.names import (
    CITIES,
    COMPANIES,
    DEMO_DOMAIN,
    PRODUCTS,
    SALES_TEAM,
    SERVICES,
    SUPPORT_TEAM,
    TICKET_TITLES,
    email,
    mobile,
    person,
    phone,
)
from crm_core.records.documents import Upload
from crm_core.records.model import Record
from crm_core.records.service import RecordService

VIP_ACCOUNTS = frozenset({0, 3})
"""Which of the demo companies are VIP, so the demo dialplan has VIP callers to route."""


class DemoLoader:
    """Builds the demo in dependency order: catalogue and customers first, since
    deals, orders, tickets and calls point at them."""

    def __init__(self, records: RecordService, staff: dict[str, Actor], rng: random.Random) -> None:
        self.records = records
        self.staff = staff
        self.rng = rng
        self.total = 0
        self.today = dt.date(2026, 11, 23)
        self.vendors: list[Record] = []
        self.products: list[Record] = []
        self.services: list[Record] = []
        self.accounts: list[Record] = []
        self.contacts: list[Record] = []

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
        await self._catalogue()
        await self._customers()
        await self._sales()
        await self._orders()
        await self._support()
        await self._calendar()
        await self._stock_and_contracts()
        await self._projects()

    async def _catalogue(self) -> None:
        rng = self.rng
        self.vendors = [
            await self.make(
                "Vendors",
                {
                    "vendorname": name,
                    "email": f"orders@{name.split()[0].lower()}.example",
                    "phone": phone(rng, "495"),
                    "city": "Москва",
                    "assigned_user_id": self.owner(*SALES_TEAM),
                },
            )
            for name in ("Телеком Поставка", "Global Voice Supply", "АйПи Дистрибуция")
        ]

        self.products = [
            await self.make(
                "Products",
                {
                    "productname": name,
                    "unit_price": price,
                    "qtyinstock": rng.randrange(5, 200),
                    "reorderlevel": 10,
                    "vendor_id": rng.choice(self.vendors).id,
                    "productcategory": "Hardware",
                    "assigned_user_id": self.owner(*SALES_TEAM),
                },
            )
            for name, price in PRODUCTS
        ]
        self.services = [
            await self.make(
                "Services",
                {
                    "servicename": name,
                    "unit_price": price,
                    "assigned_user_id": self.owner(*SALES_TEAM),
                },
            )
            for name, price in SERVICES
        ]
        book = await self.make("PriceBooks", {"bookname": "Розничный прайс 2026", "active": True})
        for item in self.products + self.services:
            await self.records.link(
                self.staff["admin"], "PriceBooks", book.id, item.module.name, item.id
            )

    async def _customers(self) -> None:
        rng = self.rng
        for i, name in enumerate(COMPANIES):
            city, area = rng.choice(CITIES)
            self.accounts.append(
                await self.make(
                    "Accounts",
                    {
                        "accountname": f"ООО «{name}»" if not name.isascii() else name,
                        "phone": phone(rng, area),
                        "email1": f"info{i}@example.ru",
                        "website": f"https://company{i}.example.ru",
                        "bill_city": city,
                        "ship_city": city,
                        "industry": rng.choice(
                            ["Banking", "Communications", "Retail", "Transportation"]
                        ),
                        "employees": rng.randrange(10, 2000),
                        "assigned_user_id": self.owner(*SALES_TEAM),
                        "vip": i in VIP_ACCOUNTS,
                    },
                )
            )

        for n in range(120):
            first, last = person(rng)
            account = rng.choice(self.accounts)
            self.contacts.append(
                await self.make(
                    "Contacts",
                    {
                        "firstname": first,
                        "lastname": last,
                        "account_id": account.id,
                        "mobile": mobile(rng),
                        "phone": account["phone"],
                        "email": email(first, last, n),
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

    async def _sales(self) -> None:
        rng = self.rng
        for n in range(40):
            first, last = person(rng)
            city, area = rng.choice(CITIES)
            await self.make(
                "Leads",
                {
                    "firstname": first,
                    "lastname": last,
                    "company": f"{rng.choice(['ИП', 'ООО', 'АО'])} {last}",
                    "phone": phone(rng, area),
                    "mobile": mobile(rng),
                    "email": email(first, last, 500 + n),
                    "city": city,
                    "leadsource": rng.choice(["Web Site", "Cold Call", "Trade Show"]),
                    "leadstatus": rng.choice(
                        ["Not Contacted", "Attempted to Contact", "Hot", "Warm"]
                    ),
                    "assigned_user_id": self.owner(*SALES_TEAM),
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
                    "assigned_user_id": self.owner(*SALES_TEAM),
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
        for contact in rng.sample(self.contacts, 30):
            await self.records.link(
                self.staff["admin"], "Campaigns", rng.choice(campaigns).id, "Contacts", contact.id
            )

        for _ in range(30):
            account = rng.choice(self.accounts)
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

    async def _orders(self) -> None:
        rng = self.rng
        for n in range(12):
            account = rng.choice(self.accounts)
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
                for item in rng.sample(self.products + self.services, rng.randrange(1, 4))
            ]
            await self.make(module, header, line_items=lines)

    async def _support(self) -> None:
        rng = self.rng
        for n in range(60):
            contact = rng.choice(self.contacts)
            agent = rng.choice(SUPPORT_TEAM)
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
            if n % 3 == 0 and contact.get("email"):
                await self.make(
                    "Emails",
                    {
                        "subject": f"{ticket['ticket_title']} [{ticket['ticket_no']}]",
                        "from_email": contact["email"],
                        "saved_toid": f"support@{DEMO_DOMAIN}",
                        "date_start": ticket["createdtime"],
                        "parent_id": ticket.id,
                        "contact_id": contact.id,
                        "email_flag": "RECEIVED",
                        "direction": "inbound",
                        "mailbox": f"support@{DEMO_DOMAIN}",
                        "message_id": f"demo-{ticket.id}@client.example.ru",
                        "description": "Здравствуйте! Прошу помочь. Hello, please help.",
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

    async def _calendar(self) -> None:
        rng = self.rng
        for n in range(30):
            contact = rng.choice(self.contacts)
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
                        "assigned_user_id": self.owner(*SALES_TEAM),
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
                        "assigned_user_id": self.owner(*SUPPORT_TEAM),
                    },
                )

        for n in range(30):
            contact = rng.choice(self.contacts)
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
                    "assigned_user_id": self.owner(*SUPPORT_TEAM),
                },
            )

    async def _stock_and_contracts(self) -> None:
        rng = self.rng
        vendor = self.vendors[0]
        await self.make(
            "PurchaseOrder",
            {
                "subject": "Закупка гарнитур на склад",
                "vendor_id": vendor.id,
                "bill_street": "ул. Складская, 3",
                "ship_street": "ул. Складская, 3",
                "hdnTaxType": "group",
                "assigned_user_id": self.owner(*SALES_TEAM),
            },
            line_items=[{"productid": self.products[1].id, "quantity": "50", "listprice": "15000"}],
        )
        for account in self.accounts[:4]:
            await self.make(
                "ServiceContracts",
                {
                    "subject": f"Поддержка 24/7 — {account['accountname']}"[:100],
                    "sc_related_to": account.id,
                    "tracking_unit": "Hours",
                    "start_date": str(self.today),
                    "total_units": "40",
                    "contract_status": "In Progress",
                    "assigned_user_id": self.owner(*SUPPORT_TEAM),
                },
            )
            await self.make(
                "Assets",
                {
                    "assetname": f"АТС {account['accountname']}"[:100],
                    "product": self.products[2].id,
                    "serialnumber": f"GXW-{rng.randrange(100000, 999999)}",
                    "account": account.id,
                    "datesold": str(self.today - dt.timedelta(days=200)),
                    "dateinservice": str(self.today - dt.timedelta(days=190)),
                    "assetstatus": "In Service",
                    "assigned_user_id": self.owner(*SUPPORT_TEAM),
                },
            )
        price_list = "\n".join(f"{name};{price}" for name, price in PRODUCTS + SERVICES)
        await self.records.create_document(
            self.staff["sales.lead"],
            {"notes_title": "Прайс-лист 2026", "notecontent": "Актуальные цены для клиентов."},
            Upload("прайс-2026.csv", "text/csv", price_list.encode()),
            attach_to=("Accounts", self.accounts[0].id),
        )
        self.total += 1

    async def _projects(self) -> None:
        project = await self.make(
            "Project",
            {
                "projectname": "Внедрение колл-центра «Вектор»",
                "projectstatus": "in progress",
                "startdate": str(self.today),
                "assigned_user_id": self.owner(*SUPPORT_TEAM),
            },
        )
        for k, name in enumerate(["Установка АТС", "Настройка очередей", "Обучение"], start=1):
            await self.make(
                "ProjectTask",
                {
                    "projecttaskname": name,
                    "projectid": project.id,
                    "startdate": str(self.today + dt.timedelta(days=7 * k)),
                    "assigned_user_id": self.owner(*SUPPORT_TEAM),
                },
            )
        await self.make(
            "ProjectMilestone",
            {
                "projectmilestonename": "Запуск в эксплуатацию",
                "projectid": project.id,
                "projectmilestonedate": str(self.today + dt.timedelta(days=30)),
                "assigned_user_id": self.owner(*SUPPORT_TEAM),
            },
        )
