"""What the public status page may say about a case: a whitelist, built here and nowhere else.

The template receives this dictionary, never the case itself, so no later template edit can print
the applicant's name, ID, contacts, the request text, internal notes or a handler's name by accident.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from gongkai.applications.models import Application, State

# (headline, explanation) in plain Chinese for each state; legal references where the applicant
# needs them to understand what happens next.
STATE_TEXT: dict[str, tuple[str, str]] = {
    State.AWAITING_CONFIRMATION: (
        "已提交，待受理机构确认收到",
        "受理机构将与您确认收到申请，双方确认之日为收到申请之日，答复期限自该日起计算（条例第三十一条）。",
    ),
    State.IN_PROGRESS: ("办理中", "受理机构正在办理您的申请。"),
    State.CLARIFICATION_REQUESTED: (
        "待补正",
        "受理机构已一次性告知需要补正的事项，请按告知书在期限内补正；答复期限自收到补正之日起重新计算（条例第三十条）。",
    ),
    State.CONSULTING: (
        "办理中（征求意见）",
        "受理机构正在书面征求有关方面的意见，所需时间不计算在答复期限内（条例第三十三条第三款）。",
    ),
    State.REASON_REQUESTED: ("待说明理由", "受理机构已请您说明理由（条例第三十五条），请按告知书答复。"),
    State.FEE_NOTICE_SENT: (
        "待缴纳信息处理费",
        "受理机构已发出收费通知，请按通知在期限内缴纳；逾期未缴纳的，视为放弃申请。",
    ),
    State.ANSWERED: ("已答复", "受理机构已作出答复，请查收答复书。"),
    State.LAPSED: ("已终止", "申请已终止办理，详见受理机构的告知。"),
    State.WITHDRAWN: ("已撤回", "申请已撤回，不再办理。"),
    State.ARCHIVED: ("已办结", "申请已办结归档。"),
}

# The outcome as a category, not the full legal label: the reply letter carries the details.
_CATEGORY_BY_PREFIX = {
    "granted": "予以公开",
    "partial": "部分公开",
    "denied": "不予公开",
    "unable": "无法提供",
    "not_processed": "不予处理",
}
_CATEGORY_BY_CODE = {
    "other.no_clarification": "视为放弃申请（逾期未补正）",
    "other.unpaid_fee": "视为放弃申请（逾期未缴纳信息处理费）",
    "other.withdrawn": "申请人撤回申请",
    "other.other": "其他处理",
}


def outcome_category(code: str) -> str:
    if not code:
        return ""
    return _CATEGORY_BY_CODE.get(code) or _CATEGORY_BY_PREFIX.get(code.split(".", 1)[0], "其他处理")


def _due_text(case: Application) -> tuple[date | None, str]:
    if not case.is_open:
        return None, ""
    if case.state == State.AWAITING_CONFIRMATION or case.receipt_on is None:
        return None, "确认收到申请后计算（收到申请之日起 20 个工作日内答复）"
    if case.state == State.CLARIFICATION_REQUESTED:
        return None, "收到补正后重新计算"
    if case.deadline_error or case.due_on is None:
        return None, "暂无法显示，请联系受理机构"
    return case.due_on, ""


def public_view(case: Application) -> dict[str, Any]:
    headline, explanation = STATE_TEXT[case.state]
    due_on, due_note = _due_text(case)
    agency = case.agency
    return {
        "number": case.number,
        "agency": agency.name,
        "agency_phone": agency.phone,
        "state": headline,
        "explanation": explanation,
        "open": case.is_open,
        "submitted_on": case.arrived_on,
        "receipt_on": case.receipt_on,
        "due_on": due_on,
        "due_note": due_note,
        "extended": bool(case.extension_days) and case.is_open,
        "outcome": outcome_category(case.outcome),
        "replied_on": case.replied_on,
        "concluded_on": case.concluded_on,
    }
