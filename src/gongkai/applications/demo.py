"""Demo applications: about a year of cases at 湘潭高新区 and two departments, across outcomes, applicant
kinds and states, all made through the workflow (so deadlines, ledger and audit are real). Names,
numbers and contents are invented; identity numbers carry valid check characters only."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings

from gongkai.accounts.models import User
from gongkai.agencies import codes
from gongkai.applications import workflow
from gongkai.applications.identity import resident_id_check
from gongkai.law.outcomes import is_available

SURNAMES = "王李张刘陈杨黄赵周吴徐孙马胡朱郭何罗高林"
GIVEN = ("伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "军", "杰", "涛", "明", "霞", "平")
ORGS = {
    "commercial": ("湘潭演示机电有限公司", "湘潭示例建材有限公司", "演示新材料科技有限公司"),
    "research": ("湘潭演示技术研究院",),
    "social_welfare": ("湘潭市演示公益服务中心",),
    "legal_service": ("湖南演示律师事务所",),
    "other_org": ("演示村股份经济合作社",),
}
TOPICS = (
    "高新区{y}年度财政预算执行情况及专项资金使用明细",
    "某地块国有土地使用权出让合同及规划条件",
    "演示路道路改造工程的立项批复和环境影响评价文件",
    "本人所在小区征收补偿方案及补偿标准",
    "{y}年度企业研发费用补贴的申报名单及拨付情况",
    "某安置小区建设工程的竣工验收备案材料",
    "高新区{y}年度人才公寓配租的条件和名单",
    "某企业的行政处罚决定书",
)
# (outcome code, weight) for answered cases; 信访类 and 不掌握 are common in real reports.
OUTCOME_WEIGHTS = (
    ("granted.provided", 14), ("granted.already_public", 6), ("partial", 5), ("unable.not_exist", 10),
    ("unable.not_responsible", 4), ("unable.needs_creation", 3), ("not_processed.petition", 8),
    ("not_processed.repeat", 2), ("denied.third_party", 2), ("denied.process_info", 2),
    ("denied.enforcement_file", 1), ("not_processed.reconfirm", 1),
)  # fmt: skip
KIND_WEIGHTS = (("natural_person", 70), ("commercial", 12), ("research", 3), ("social_welfare", 3),
                ("legal_service", 7), ("other_org", 5))  # fmt: skip
CHANNELS = (("online", 55), ("in_person", 20), ("mail_signed", 15), ("mail", 10))


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([k for k, _ in weighted], [w for _, w in weighted])[0]


def _resident_id(rng: random.Random) -> str:
    born = date(1950, 1, 1) + timedelta(days=rng.randint(0, 20000))
    body = f"430302{born:%Y%m%d}{rng.randint(0, 999):03d}"
    return body + resident_id_check(body)


def _credit_code(rng: random.Random) -> str:
    body = f"{rng.randint(10000000, 99999999)}"
    body17 = "91430300" + body + codes.org_code_check(body)
    return body17 + codes.credit_code_check(body17)


def _weekday(d: date) -> date:
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d


def _intake(rng: random.Random, arrived: date, year: int) -> dict[str, Any]:
    kind = _pick(rng, KIND_WEIGHTS)
    channel = _pick(rng, CHANNELS)
    if kind == "natural_person":
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(("", *GIVEN))
        id_type, id_number = "resident_id", _resident_id(rng)
    else:
        name, id_type, id_number = rng.choice(ORGS[kind]), "credit_code", _credit_code(rng)
    return {
        "applicant_kind": kind, "applicant_name": name, "id_type": id_type, "id_number": id_number,
        "phone": f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}",
        "email": f"demo{rng.randint(100, 999)}@example.com" if channel == "online" else "",
        "address": f"湘潭市岳塘区演示路{rng.randint(1, 300)}号",
        "description": rng.choice(TOPICS).format(y=year - 1), "purpose": rng.choice(("", "了解政策", "维护自身权益")),
        "info_form": "electronic" if channel == "online" else "paper",
        "delivery": "email" if channel == "online" else rng.choice(("post", "pickup")),
        "channel": channel, "arrived_on": arrived,
        "confirmed_on": arrived if channel in ("online", "mail") else None,
    }  # fmt: skip


def enabled() -> bool:
    """Whether to build the demo cases (≈1.5 s of workflow); the test fixture for agencies and users
    turns them off with ``settings.GONGKAI_DEMO_CASES = False``."""
    return bool(getattr(settings, "GONGKAI_DEMO_CASES", True))


def build(ctx: Any) -> None:
    if not enabled():
        return
    users = {u.username: u for u in User.objects.filter(username__in=["fuzeren", "chengban", "dengji"])}
    head, handler, registrar = users.get("fuzeren"), users.get("chengban"), users.get("dengji")
    agencies = ctx.agencies
    if "gaoxin" not in agencies:
        return
    rng = random.Random(2026)
    today = date.today()
    plan = [("gaoxin", 48), ("gaoxin_build", 10), ("gaoxin_finance", 6)]
    for key, count in plan:
        agency = agencies[key]
        for i in range(count):
            # Spread over the past year (ending a week ago), so some cases are still open.
            arrived = _weekday(today - timedelta(days=3 + int(355 * (count - i) / count) + rng.randint(0, 4)))
            data = _intake(rng, arrived, arrived.year)
            awaiting = (
                arrived > today - timedelta(days=12) and data["channel"] == "online" and rng.random() < 0.3
            )
            if awaiting:
                data["confirmed_on"] = None
            case = workflow.register(agency, by=registrar, **data)
            if awaiting:
                continue
            _progress(case, rng, today, head if key == "gaoxin" else None, handler)
    # A working list: recent cases at 湘潭高新区 still open, in the states staff meet every day.
    for j in range(10):
        arrived = _weekday(today - timedelta(days=2 + 3 * j))
        if arrived > today:
            arrived -= timedelta(days=7)
        data = _intake(rng, arrived, arrived.year)
        if j < 2 and data["channel"] == "online":
            data["confirmed_on"] = None
            workflow.register(agencies["gaoxin"], by=registrar, **data)
            continue
        case = workflow.register(agencies["gaoxin"], by=registrar, **data)
        try:
            if j % 4 == 1:
                workflow.start_consultation(
                    case, kind="agency", party="湘潭市自然资源和规划局", sent_on=arrived, by=handler
                )
            elif j % 4 == 2:
                workflow.request_clarification(case, on=arrived, applicant_due=arrived + timedelta(days=15),
                                               items="请明确所需信息的时间范围", by=handler)  # fmt: skip
        except workflow.WorkflowError:
            pass


def _progress(case: Any, rng: random.Random, today: date, head: Any, handler: Any) -> None:
    """Walk one case through a plausible history, never past ``today``."""
    start = case.receipt_on
    roll = rng.random()
    age = (today - start).days
    try:
        if roll < 0.08:
            workflow.request_clarification(case, on=start + timedelta(days=2), applicant_due=start + timedelta(days=17),
                                           items="请明确所需信息的名称、文号或者时间范围", by=handler)  # fmt: skip
            if age > 30 and rng.random() < 0.5:
                workflow.lapse_clarification(case, today=today, by=handler)
                return
            if age < 10:
                return
            workflow.receive_clarification(case, on=start + timedelta(days=9), by=handler)
            if rng.random() < 0.3:
                workflow.reply(case, code="unable.still_unclear", on=start + timedelta(days=20), by=handler)
                return
        elif roll < 0.16:
            c = workflow.start_consultation(case, kind="third_party", party="相关企业", sent_on=start + timedelta(days=5),
                                            by=handler)  # fmt: skip
            if age < 20:
                return
            workflow.end_consultation(
                c, replied_on=start + timedelta(days=16), opinion="不同意公开", by=handler
            )
        elif roll < 0.22 and head is not None and age > 20:
            workflow.extend(case, days=20, approver=head, approved_on=start + timedelta(days=18), by=handler)
        elif roll < 0.25 and age > 25:
            workflow.withdraw(case, on=start + timedelta(days=6), reason="申请人书面撤回", by=handler)
            return
        elif roll < 0.27 and age > 40:
            workflow.send_fee_notice(
                case, on=start + timedelta(days=10), amount=Decimal("100.00"), by=handler
            )
            workflow.lapse_fee(case, today=today, by=handler)
            return
        if case.due_on is None or (age < 30 and rng.random() < 0.75):
            return  # still in progress (or its deadline cannot be computed yet)
        answered = min(case.due_on - timedelta(days=rng.randint(0, 10)), today)
        answered = max(answered, case.clarified_on or case.receipt_on)
        code = _pick(rng, OUTCOME_WEIGHTS)
        if case.consultations.exists():
            code = rng.choice(("denied.third_party", "partial"))
        if not is_available(code, answered):
            code = "granted.provided"
        reason = (
            "涉及第三方商业秘密，经征求意见，第三方不同意公开"
            if code.startswith(("denied", "partial"))
            else ""
        )
        workflow.reply(case, code=code, on=answered, reason=reason, by=handler)
        if answered < today - timedelta(days=60):
            workflow.archive(case, on=answered + timedelta(days=30), by=handler)
    except workflow.WorkflowError:
        return  # a random history the law does not allow: leave the case where it is
