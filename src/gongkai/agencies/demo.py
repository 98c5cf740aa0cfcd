"""Demo agencies: a slice of 湘潭市 with 湘潭国家高新技术产业开发区 and some of its departments.

Names are real; codes, addresses and numbers are invented (codes carry valid check digits so the
validators accept them, but belong to no real organisation).
"""

from __future__ import annotations

from typing import Any

from gongkai.agencies import codes
from gongkai.agencies.models import Agency, Kind


def _codes(region: str, serial: int) -> dict[str, str]:
    body = f"9{serial:07d}"  # a leading 9 keeps the invented bodies apart from typical issued ones
    org = body + codes.org_code_check(body)
    credit17 = "11" + region + org  # 1 = 机构编制, 1 = 机关 (GB 32100—2015 first two characters)
    return {"org_code": "", "credit_code": credit17 + codes.credit_code_check(credit17)}


def _contacts(n: int, office: str, address: str) -> dict[str, str]:
    return {
        "disclosure_office": office,
        "office_address": address,
        "postal_code": "411100",
        "office_hours": "工作日 上午8:30—12:00，下午14:30—17:30（法定节假日除外）",
        "phone": f"0731-5550{n:04d}",
        "fax": f"0731-5551{n:04d}",
        "web_contact": f"xxgk{n}@demo.gongkai.example",
    }


# (key, parent key, name, short name, kind, region code, office, address, local deadline)
TREE: list[tuple[str, str | None, str, str, str, str, str, str, tuple[int, int] | None]] = [
    ("xiangtan", None, "湘潭市", "湘潭", Kind.REGION, "430300", "", "", None),
    (
        "city",
        "xiangtan",
        "湘潭市人民政府",
        "市政府",
        Kind.GOVERNMENT,
        "430300",
        "湘潭市人民政府办公室",
        "湘潭市岳塘区演示大道1号",
        None,
    ),
    (
        "city_finance",
        "city",
        "湘潭市财政局",
        "市财政局",
        Kind.DEPARTMENT,
        "430300",
        "湘潭市财政局办公室",
        "湘潭市岳塘区演示大道11号",
        None,
    ),
    (
        "city_env",
        "city",
        "湘潭市生态环境局",
        "市生态环境局",
        Kind.DEPARTMENT,
        "430300",
        "湘潭市生态环境局办公室",
        "湘潭市岳塘区演示大道12号",
        None,
    ),
    (
        "gaoxin",
        "city",
        "湘潭国家高新技术产业开发区管理委员会",
        "湘潭高新区",
        Kind.DISPATCHED,
        "430300",
        "湘潭高新区党政办公室",
        "湘潭市岳塘区演示路100号",
        (1, 31),
    ),
    (
        "gaoxin_office",
        "gaoxin",
        "湘潭高新区党政办公室",
        "党政办",
        Kind.DEPARTMENT,
        "430300",
        "湘潭高新区党政办公室",
        "湘潭市岳塘区演示路100号",
        None,
    ),
    (
        "gaoxin_finance",
        "gaoxin",
        "湘潭高新区财政局",
        "财政局",
        Kind.DEPARTMENT,
        "430300",
        "湘潭高新区财政局",
        "湘潭市岳塘区演示路101号",
        None,
    ),
    (
        "gaoxin_build",
        "gaoxin",
        "湘潭高新区建设局",
        "建设局",
        Kind.DEPARTMENT,
        "430300",
        "湘潭高新区建设局",
        "湘潭市岳塘区演示路102号",
        None,
    ),
    (
        "gaoxin_social",
        "gaoxin",
        "湘潭高新区社会事务局",
        "社会事务局",
        Kind.DEPARTMENT,
        "430300",
        "湘潭高新区社会事务局",
        "湘潭市岳塘区演示路103号",
        None,
    ),
    ("yuetang", "xiangtan", "湘潭市岳塘区", "岳塘区", Kind.REGION, "430304", "", "", None),
    (
        "yuetang_gov",
        "yuetang",
        "湘潭市岳塘区人民政府",
        "岳塘区政府",
        Kind.GOVERNMENT,
        "430304",
        "岳塘区人民政府办公室",
        "湘潭市岳塘区示范街2号",
        None,
    ),
    (
        "yuetang_edu",
        "yuetang_gov",
        "湘潭市岳塘区教育局",
        "岳塘区教育局",
        Kind.DEPARTMENT,
        "430304",
        "岳塘区教育局办公室",
        "湘潭市岳塘区示范街20号",
        None,
    ),
    (
        "yuetang_dongping",
        "yuetang_gov",
        "湘潭市岳塘区东坪街道办事处",
        "东坪街道",
        Kind.TOWNSHIP,
        "430304",
        "东坪街道党政综合办公室",
        "湘潭市岳塘区示范街30号",
        None,
    ),
]


def build(ctx: Any) -> None:
    for serial, (key, parent, name, short, kind, region, office, address, deadline) in enumerate(
        TREE, start=1
    ):
        fields: dict[str, Any] = {"name": name, "short_name": short, "kind": kind, "is_demo": True}
        if kind == Kind.REGION:
            fields["region_code"] = region
        else:
            fields.update(_codes(region, serial))
            fields.update(_contacts(serial, office, address))
        if deadline:
            fields["report_deadline_month"], fields["report_deadline_day"] = deadline
        agency = Agency(parent=ctx.agencies.get(parent) if parent else None, **fields)
        agency.full_clean()
        agency.save()
        ctx.agencies[key] = agency
