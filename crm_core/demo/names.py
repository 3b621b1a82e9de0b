"""Who and what the demo is made of: staff, names, companies, catalogue."""

import random

DEMO_PASSWORD = "switchboard"
DEMO_DOMAIN = "demo.switchboard.local"

SALES_TEAM = ("sales.lead", "sales1", "sales2")
SUPPORT_TEAM = ("support.lead", "agent1", "agent2", "agent3")

STAFF = [
    # user name, first, last, language, extension, admin, role
    ("admin", "Анна", "Админова", "ru", None, True, "CEO"),
    ("director", "Виктор", "Директоров", "ru", "100", False, "CEO"),
    ("sales.lead", "Marina", "Salesova", "en", "200", False, "Sales Manager"),
    ("sales1", "Игорь", "Продажин", "ru", "201", False, "Sales Person"),
    ("sales2", "Emily", "Clarke", "en", "202", False, "Sales Person"),
    ("support.lead", "Ольга", "Поддержкина", "ru", "300", False, "Support Lead"),
    ("agent1", "Дмитрий", "Звонков", "ru", "301", False, "Support Agent"),
    ("agent2", "Светлана", "Ответова", "ru", "302", False, "Support Agent"),
    ("agent3", "James", "Porter", "en", "303", False, "Support Agent"),
    ("supervisor", "Наталья", "Смотрова", "ru", "400", False, "Supervisor"),
]

# Roles the demo adds under vtiger's default tree: (name, parent, profiles)
SUPPORT_ROLES = [
    ("Support Lead", "Vice President", ("Support Profile",)),
    ("Supervisor", "Support Lead", ("Support Profile", "Supervisor Profile")),
    ("Support Agent", "Supervisor", ("Support Profile",)),
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


def phone(rng: random.Random, area: str) -> str:
    return f"+7{area}{rng.randrange(1000000, 9999999)}"


def mobile(rng: random.Random) -> str:
    return f"+79{rng.randrange(10, 99)}{rng.randrange(1000000, 9999999)}"


def person(rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.75:
        if rng.random() < 0.5:
            return rng.choice(RU_FIRST_M), rng.choice(RU_LAST)
        return rng.choice(RU_FIRST_F), rng.choice(RU_LAST) + "а"
    return rng.choice(EN_FIRST), rng.choice(EN_LAST)


def email(first: str, last: str, n: int) -> str:
    ascii_name = "".join(ch for ch in f"{first}.{last}".lower() if ch.isascii())
    return f"{ascii_name.strip('.') or 'client'}{n}@example.ru"
