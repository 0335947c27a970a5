"""Synthetic 残疾人证 holders for load tests and benchmarks: names, ID numbers, places, phones,
certificates. Pure: plain values and a random.Random in, plain dicts out (no database here);
the management command make_synthetic_data writes the dicts with COPY or bulk_create.

Every row this module produces is marked: the person's address starts with marker(size)."""

from __future__ import annotations

import bisect
import datetime
import itertools
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from certificates.rules import check_character, needs_guardian

SIZES = {"district": 30_000, "city": 300_000, "province": 2_000_000}
# The region each size spreads over by default (its district-level regions present).
SIZE_REGIONS = {"district": "130408", "city": "130400", "province": "130000"}

YONGNIAN = "130408"
YONGNIAN_OLD = "130429"  # 永年县 until 2016: ID numbers issued before keep this region code
YONGNIAN_RENAMED = datetime.date(2016, 9, 1)
VALIDITY_YEARS = 10

# Synthetic data of higher apps built on these people (make_synthetic_data --quota): the app
# registers a module with delete_needed(size), delete(size) and load(...) in its AppConfig.ready,
# so this app does not import it (docs/decisions/0220-import-layers.md).
_FURTHER: dict[str, Any] = {}


def register_further(name: str, loader: Any) -> None:
    _FURTHER[name] = loader


def further(name: str) -> Any:
    try:
        return _FURTHER[name]
    except KeyError:
        raise LookupError(f"No synthetic {name} data is registered (is its app installed?)") \
            from None

BIRTH_FIRST = datetime.date(1930, 1, 1)
BIRTH_LAST = datetime.date(2024, 12, 31)
BIRTH_MODE = datetime.date(1958, 6, 30)  # the disabled population is old: most born 1940–1975

# Shares (per person). The rest of the people hold one valid certificate.
SHARE_EXPIRED = 0.07
SHARE_CANCELLED = 0.03
SHARE_LOST = 0.06  # the lost card is voided and a valid B1 replacement issued
SHARE_APPLICATION = 0.4  # people whose 新办 application is on file (closed)
SHARE_PHONE = 0.88
SHARE_MALE = 0.55
SHARE_RARE_CHAR = 0.006  # names with a rare character (喆, 堃, 𠇔 …)
SHARE_COMPOUND_SURNAME = 0.002
SHARE_ONE_CHAR_GIVEN = 0.22

MATERIALS = ["身份证", "户口簿", "照片", "申请表"]

# Disability category digit → weight (GB/T 26341: 1 视力 … 7 多重) and grade → weight.
CATEGORY_WEIGHTS = {4: 50, 1: 12, 2: 10, 3: 2, 5: 8, 6: 8, 7: 10}
GRADE_WEIGHTS = {1: 10, 2: 18, 3: 32, 4: 40}
SINGLE_CATEGORY_WEIGHTS = {c: w for c, w in CATEGORY_WEIGHTS.items() if c != 7}

# Surnames with rough relative frequency in northern China (Hebei).
SURNAMES = {
    "王": 80, "李": 78, "张": 75, "刘": 60, "赵": 35, "杨": 33, "陈": 28, "郭": 18, "马": 16,
    "孙": 16, "高": 15, "徐": 12, "周": 12, "吴": 11, "朱": 10, "胡": 10, "宋": 10, "韩": 10,
    "田": 9, "董": 9, "冯": 8, "曹": 8, "贾": 8, "申": 8, "程": 7, "魏": 7, "于": 7, "许": 7,
    "黄": 7, "何": 6, "郑": 6, "吕": 6, "苏": 6, "崔": 6, "路": 5, "任": 5, "武": 5, "谢": 5,
    "袁": 5, "闫": 5, "侯": 5, "秦": 5, "牛": 5, "史": 5, "白": 5, "石": 4, "孟": 4, "霍": 4,
    "常": 4, "康": 4, "乔": 4, "耿": 4, "段": 4, "薛": 4, "范": 4, "姚": 4, "邢": 4, "靳": 3,
    "郝": 3, "温": 3, "齐": 3, "聂": 3, "尹": 3, "樊": 3, "梁": 3, "孔": 3, "丁": 3, "杜": 3,
    "唐": 3, "彭": 3, "潘": 2, "邓": 2, "蔡": 2, "林": 2, "罗": 2, "付": 2, "姜": 2, "祁": 2,
    "冀": 2, "庞": 2, "葛": 2, "甄": 1, "栗": 1, "逯": 1, "訾": 1, "禚": 1,
}  # fmt: skip
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "司徒", "皇甫")

# Given names by generation and sex: whole two-character names, and single characters.
OLDER_MALE = (
    "建国", "国庆", "国强", "志强", "建华", "卫东", "红卫", "振华", "保国", "福林", "长山", "德胜",
    "金生", "永祥", "学文", "文明", "春生", "树林", "玉山", "宝林", "庆丰", "留柱", "拴柱", "二黑",
)  # fmt: skip
OLDER_FEMALE = (
    "秀英", "桂兰", "凤英", "玉兰", "淑珍", "秀兰", "桂英", "玉珍", "素芬", "春花", "翠兰", "金凤",
    "秀珍", "桂芝", "凤兰", "玉梅", "爱莲", "巧云", "彩霞", "月娥", "小妮", "秀云", "淑芳", "荣花",
)  # fmt: skip
MIDDLE_MALE = (
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华", "飞",
    "波", "宁", "海", "东", "林", "峰", "亮", "俊", "利", "兵", "新", "胜", "永", "志", "建", "立",
)  # fmt: skip
MIDDLE_FEMALE = (
    "芳", "娟", "敏", "静", "丽", "艳", "霞", "燕", "玲", "红", "梅", "琴", "云", "莉", "慧", "萍",
    "娜", "英", "华", "兰", "杰", "颖", "洁", "青", "瑞", "晓", "彦", "秀", "丹", "莹", "玉", "春",
)  # fmt: skip
YOUNGER_MALE = (
    "子轩", "浩然", "宇航", "梓豪", "一鸣", "俊杰", "博文", "天佑", "浩宇", "皓轩", "铭泽", "睿哲",
    "明轩", "嘉懿", "煜城", "子墨", "思远", "奕辰", "宇轩", "泽宇", "晨阳", "家豪", "文博", "锦程",
)  # fmt: skip
YOUNGER_FEMALE = (
    "欣怡", "梓涵", "诗涵", "雨桐", "可馨", "梓萱", "思彤", "一诺", "紫涵", "佳琪", "雨欣", "语嫣",
    "若汐", "子涵", "梦琪", "依诺", "心怡", "静怡", "佳怡", "雅琪", "思琪", "晓雪", "婉清", "沐晴",
)  # fmt: skip
# Characters outside the everyday set, including one beyond the BMP (𠇔, U+201D4).
RARE_CHARS = ("喆", "堃", "𠇔", "玥", "祎", "赟", "翀", "彧", "淼", "垚")

# 永年区 towns (镇/乡); other districts get towns assembled from common parts.
YONGNIAN_TOWNS = (
    "临洺关镇", "大北汪镇", "张西堡镇", "广府镇", "永合会镇", "刘营镇", "西苏镇", "讲武镇",
    "东杨庄镇", "界河店乡", "刘汉乡", "正西乡", "曲陌乡", "辛庄堡乡", "小龙马乡", "西阳城乡",
)  # fmt: skip
DIRECTIONS = ("东", "西", "南", "北", "前", "后", "大", "小", "上", "中", "")
PLACE_WORDS = ("王", "李", "张", "刘", "辛", "马", "杨", "高", "黄", "陈", "赵", "孙", "韩", "郭")
PLACE_ENDINGS = ("庄", "营", "寨", "堡", "店", "屯", "集", "固", "村", "河", "桥", "楼")
URBAN_COMMUNITIES = (
    "幸福", "和平", "建设", "光明", "新华", "朝阳", "团结", "文化", "育才", "胜利", "东风", "滏河",
)  # fmt: skip
MOBILE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
    "156", "157", "158", "159", "166", "176", "177", "178", "180", "181", "182", "183", "185",
    "186", "187", "188", "189", "191", "199",
)  # fmt: skip
LOST_REASON = "挂失，已补办"
CANCEL_REASONS = ("死亡", "户口迁出本省", "本人申请注销", "经复核不符合残疾标准")


class Weighted:
    """A fast weighted choice from a fixed table (bisect on cumulative weights)."""

    def __init__(self, weights: dict[Any, float]):
        self.values = list(weights)
        self.cumulative = list(itertools.accumulate(weights.values()))
        self.total = self.cumulative[-1]

    def __call__(self, rng: random.Random) -> Any:
        return self.values[bisect.bisect_right(self.cumulative, rng.random() * self.total)]


def pick(rng: random.Random, items: Sequence[Any]) -> Any:
    """rng.choice, several times faster (the bias is far below what matters here)."""
    return items[int(rng.random() * len(items))]


def below(rng: random.Random, n: int) -> int:
    """below(rng, n), faster."""
    return int(rng.random() * n)


def between(rng: random.Random, low: int, high: int) -> int:
    """between(rng, low, high), faster."""
    return low + int(rng.random() * (high - low + 1))


CATEGORY = Weighted(CATEGORY_WEIGHTS)
SINGLE_CATEGORY = Weighted(SINGLE_CATEGORY_WEIGHTS)
GRADE = Weighted(GRADE_WEIGHTS)
SURNAME = Weighted(SURNAMES)


def marker(size: str) -> str:
    """The address prefix that marks synthetic people of one size (removed by --replace)."""
    return f"[synthetic:{size}] "


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def random_date(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    """A uniformly random day from first to last, both included."""
    return datetime.date.fromordinal(between(rng, first.toordinal(), last.toordinal()))


def birth_date(rng: random.Random) -> datetime.date:
    ordinal = rng.triangular(
        BIRTH_FIRST.toordinal(), BIRTH_LAST.toordinal(), BIRTH_MODE.toordinal()
    )
    return datetime.date.fromordinal(round(ordinal))


def id_number(region_code: str, birth: datetime.date, sequence: int) -> str:
    """GB 11643: region (6) + birth date (8) + sequence (3, odd last digit for men) + check."""
    first17 = f"{region_code}{birth.year:04d}{birth.month:02d}{birth.day:02d}{sequence:03d}"
    return first17 + check_character(first17)


def id_region_code(rng: random.Random, district_code: str, birth: datetime.date) -> str:
    """The region part of a holder's ID number: their district, except that most 永年 people
    born before the county became a district (2016) still carry 永年县's code 130429."""
    if district_code == YONGNIAN and birth < YONGNIAN_RENAMED and rng.random() < 0.7:
        return YONGNIAN_OLD
    return district_code


class IdNumberAllocator:
    """Hands out ID numbers never handed out before (nor already in the database)."""

    def __init__(self, taken: Iterable[str] = ()):
        self._used: set[int] = {int(n[:17]) for n in taken if n[:17].isdigit()}

    def __len__(self) -> int:
        return len(self._used)

    def allocate(
        self, rng: random.Random, region_code: str, birth: datetime.date, sex: str
    ) -> str | None:
        """A fresh number for this region, birth date and sex; None when the day is full
        (500 numbers per sex, region and day)."""
        prefix = int(f"{region_code}{birth.year:04d}{birth.month:02d}{birth.day:02d}") * 1000
        parity, lowest = (1, 0) if sex == "M" else (0, 1)
        for _ in range(20):
            sequence = between(rng, lowest, 499) * 2 + parity
            if prefix + sequence not in self._used:
                break
        else:
            free = [s for s in range(lowest * 2 + parity, 1000, 2) if prefix + s not in self._used]
            if not free:
                return None
            sequence = pick(rng, free)
        self._used.add(prefix + sequence)
        return id_number(region_code, birth, sequence)


def person_name(rng: random.Random, sex: str, birth: datetime.date) -> str:
    """A plausible name for the generation: surname, then one or two given characters."""
    roll = rng.random()
    surname = pick(rng, COMPOUND_SURNAMES) if roll < SHARE_COMPOUND_SURNAME else SURNAME(rng)
    male = sex == "M"
    if rng.random() < SHARE_ONE_CHAR_GIVEN:
        given = pick(rng, MIDDLE_MALE if male else MIDDLE_FEMALE)
    elif birth.year < 1965:
        given = pick(rng, OLDER_MALE if male else OLDER_FEMALE)
    elif birth.year < 1990:
        pool = MIDDLE_MALE if male else MIDDLE_FEMALE
        given = pick(rng, pool) + pick(rng, pool)
    else:
        given = pick(rng, YOUNGER_MALE if male else YOUNGER_FEMALE)
    if rng.random() < SHARE_RARE_CHAR:
        given = given[:-1] + pick(rng, RARE_CHARS)
    return surname + given


def phone_number(rng: random.Random) -> str:
    return pick(rng, MOBILE_PREFIXES) + f"{below(rng, 100_000_000):08d}"


def town_names(rng: random.Random, district_code: str, count: int = 14) -> list[str]:
    """The towns (镇/乡/街道) of a district: 永年's real ones, elsewhere assembled names."""
    if district_code == YONGNIAN:
        return list(YONGNIAN_TOWNS)
    towns = {"城关镇", "城区街道"}
    while len(towns) < count:
        ending = pick(rng, ("镇", "镇", "乡"))
        towns.add(
            pick(rng, DIRECTIONS) + pick(rng, PLACE_WORDS) + pick(rng, PLACE_ENDINGS) + ending
        )
    return sorted(towns)


def village_names(rng: random.Random, town: str, count: int = 24) -> list[str]:
    if town.endswith("街道"):
        return [f"{name}社区" for name in rng.sample(URBAN_COMMUNITIES, 8)]
    villages: set[str] = set()
    while len(villages) < count:
        name = pick(rng, DIRECTIONS) + pick(rng, PLACE_WORDS) + pick(rng, PLACE_ENDINGS)
        villages.add(name if name.endswith("村") else name + "村")
    return sorted(villages)


@dataclass(frozen=True)
class District:
    """A district-level region as the generator needs it."""

    id: int
    code: str
    name: str
    communities: tuple[str, ...] = ()

    @classmethod
    def build(cls, rng: random.Random, region_id: int, code: str, name: str) -> District:
        communities = tuple(
            town + village for town in town_names(rng, code) for village in village_names(rng, town)
        )
        return cls(id=region_id, code=code, name=name, communities=communities)


def disability(rng: random.Random) -> tuple[int, int, list[list[int]]]:
    """Category, grade and assessed parts; 多重 is two parts, its grade the more severe."""
    category, grade = CATEGORY(rng), GRADE(rng)
    if category != 7:
        return category, grade, [[category, grade]]
    first = SINGLE_CATEGORY(rng)
    second = first
    while second == first:
        second = SINGLE_CATEGORY(rng)
    return category, grade, [[first, grade], [second, between(rng, grade, 4)]]


def certificate_number(id_number: str, category: int, grade: int, replacement: int = 0) -> str:
    """As certificates.rules.certificate_number, without re-validating a number we just made."""
    return f"{id_number}{category}{grade}" + (f"B{replacement}" if replacement else "")


@dataclass
class Batch:
    """One chunk of rows, by model. Foreign keys inside the batch are list indexes:
    certificates[i]["person"] indexes people, applications[i]["certificate"] and
    events[i]["certificate"] index certificates; the loader turns them into ids."""

    people: list[dict] = field(default_factory=list)
    certificates: list[dict] = field(default_factory=list)
    applications: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.people)


@dataclass
class Generator:
    """Makes people with their certificates, applications and certificate events."""

    rng: random.Random
    districts: Sequence[District]
    today: datetime.date
    tz: datetime.tzinfo
    size: str
    actor_id: int
    allocator: IdNumberAllocator = field(default_factory=IdNumberAllocator)

    def batch(self, count: int) -> Batch:
        batch = Batch()
        for _ in range(count):
            self.add_person(batch)
        return batch

    def _at(self, day: datetime.date) -> datetime.datetime:
        minute = between(self.rng, 8 * 60 + 30, 17 * 60 + 29)
        return datetime.datetime.combine(
            day, datetime.time(minute // 60, minute % 60), tzinfo=self.tz
        )

    def _person(self, district: District) -> dict:
        rng = self.rng
        while True:
            sex = "M" if rng.random() < SHARE_MALE else "F"
            birth = birth_date(rng)
            region_code = id_region_code(rng, district.code, birth)
            number = self.allocator.allocate(rng, region_code, birth, sex)
            if number is not None:
                break
        community = pick(rng, district.communities)
        return {
            "region_id": district.id,
            "id_number": number,
            "name": person_name(rng, sex, birth),
            "sex": sex,
            "birth_date": birth,
            "community": community,
            "address": f"{marker(self.size)}{district.name}{community}{between(rng, 1, 320)}号",
            "phone": phone_number(rng) if rng.random() < SHARE_PHONE else "",
            "guardian_name": "",
            "guardian_id_number": "",
            "guardian_relation": "",
            "guardian_phone": "",
        }

    def _guardian(self, person: dict, district: District, issued: datetime.date) -> None:
        """A parent for a child, or for an adult with an intellectual or mental disability;
        a grown-up son or daughter for the elderly ones."""
        rng, birth = self.rng, person["birth_date"]
        child_latest = add_years(self.today, -20)
        if birth.year >= 1960 or add_years(birth, 20) > child_latest:
            relation, sex = pick(rng, (("父亲", "M"), ("母亲", "F")))
            guardian_birth = add_years(birth, -between(rng, 22, 38))
        else:
            relation, sex = pick(rng, (("儿子", "M"), ("女儿", "F")))
            guardian_birth = min(add_years(birth, between(rng, 20, 35)), child_latest)
        sequence = below(rng, 500) * 2 + (1 if sex == "M" else 0)
        surname = person["name"][0] if relation in ("父亲", "儿子") else SURNAME(rng)
        guardian = person_name(rng, sex, guardian_birth)
        person["guardian_name"] = surname + guardian[1:]
        person["guardian_id_number"] = id_number(district.code, guardian_birth, sequence)
        person["guardian_relation"] = relation
        person["guardian_phone"] = phone_number(rng)

    def _issue_date(self, birth: datetime.date, expired: bool) -> datetime.date | None:
        """Issued in the last ten years (or 10–13 years ago for an expired card), at least a
        year after birth; None when an expired card is impossible for this birth date."""
        earliest = add_years(birth, 1)
        if expired:
            first, last = add_years(self.today, -13), add_years(self.today, -VALIDITY_YEARS)
            last -= datetime.timedelta(days=1)
        else:
            first, last = add_years(self.today, -VALIDITY_YEARS) + datetime.timedelta(1), self.today
        first = max(first, earliest)
        if first > last:
            return None if expired else min(birth + datetime.timedelta(days=30), self.today)
        return random_date(self.rng, first, last)

    def add_person(self, batch: Batch) -> None:
        rng, today = self.rng, self.today
        district = self.districts[below(rng, len(self.districts))]
        person = self._person(district)
        birth = person["birth_date"]
        category, grade, parts = disability(rng)

        fate = rng.random()
        expired = fate < SHARE_EXPIRED
        issued = self._issue_date(birth, expired)
        if issued is None:
            expired, issued = False, self._issue_date(birth, False)
        cancelled = not expired and fate < SHARE_EXPIRED + SHARE_CANCELLED
        lost = not expired and not cancelled and fate < SHARE_EXPIRED + SHARE_CANCELLED + SHARE_LOST
        if (cancelled or lost) and issued >= today - datetime.timedelta(days=30):
            cancelled = lost = False  # too recent to have been cancelled or lost
        if needs_guardian(categories={c for c, _ in parts}, birth_date=birth, on=issued):
            self._guardian(person, district, issued)
        person["created_at"] = self._at(issued - datetime.timedelta(days=between(rng, 20, 60)))
        person_index = len(batch.people)
        batch.people.append(person)

        expiry = add_years(issued, VALIDITY_YEARS)
        first = {
            "person": person_index,
            "region_id": district.id,
            "number": certificate_number(person["id_number"], category, grade),
            "category": category,
            "grade": grade,
            "parts": parts,
            "replacement": 0,
            "issue_date": issued,
            "expiry_date": expiry,
            "status": "valid",
            "print_status": "handed_over",
            "status_changed_on": None,
            "status_reason": "",
        }
        if issued > today - datetime.timedelta(days=14):
            first["print_status"] = pick(rng, ("queued", "printed"))
        first_index = len(batch.certificates)
        batch.certificates.append(first)
        batch.events.append(self._event(first_index, "issued", issued, "新办"))

        if expired:
            first.update(status="expired", status_changed_on=expiry + datetime.timedelta(days=1))
        elif cancelled:
            day = random_date(rng, issued + datetime.timedelta(days=30), today)
            first.update(
                status="cancelled", status_changed_on=day, status_reason=pick(rng, CANCEL_REASONS)
            )
            batch.events.append(self._event(first_index, "cancelled", day, first["status_reason"]))
        elif lost:
            day = random_date(rng, issued + datetime.timedelta(days=30), today)
            first.update(status="lost", status_changed_on=day, status_reason=LOST_REASON)
            batch.events.append(self._event(first_index, "voided", day, LOST_REASON))
            replacement = dict(
                first,
                number=certificate_number(person["id_number"], category, grade, 1),
                replacement=1,
                issue_date=day,
                status="valid",
                status_changed_on=None,
                status_reason="",
            )
            batch.certificates.append(replacement)
            batch.events.append(self._event(len(batch.certificates) - 1, "issued", day, "挂失补办"))

        if rng.random() < SHARE_APPLICATION:
            received = issued - datetime.timedelta(days=between(rng, 20, 60))
            batch.applications.append(
                {
                    "person": person_index,
                    "certificate": first_index,
                    "region_id": district.id,
                    "kind": "new",
                    "state": "closed",
                    "received_on": received,
                    "received_by_id": self.actor_id,
                    "materials": MATERIALS,
                    "requested_category": category,
                    "transfer_place": "",
                    "incoming_number": "",
                    "reason": "",
                    "decided_on": issued,
                }
            )

    def _event(self, certificate: int, kind: str, day: datetime.date, note: str) -> dict:
        return {
            "certificate": certificate,
            "kind": kind,
            "at": self._at(day),
            "actor_id": self.actor_id,
            "note": note,
        }
