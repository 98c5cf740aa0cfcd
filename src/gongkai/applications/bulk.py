"""Bulk actions of the work list: assign a 承办人, extend (负责人 only), close with one outcome.

Each selected case goes through the same workflow function as on its own page, in its own
transaction, so every case gets exactly one audit entry and one ledger row, and one refused case
never blocks (or half-changes) another. The preview runs the very same calls inside a transaction
that is rolled back, so "allowed" on the preview means what the workflow will say, not a copy of
its rules that could drift.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction

from gongkai.accounts.roles import Cap
from gongkai.accounts.scoping import can, scope
from gongkai.applications import workflow
from gongkai.applications.fastwidgets import RENDERER
from gongkai.applications.models import Application
from gongkai.law.deadlines import MAX_EXTENSION
from gongkai.law.outcomes import OUTCOMES

MAX_ITEMS = 500
ACTIONS = [("assign", "指定承办人"), ("extend", "延长答复期限"), ("close", "办结（作出答复）")]
# Outcomes recorded by their own steps (lapse, withdrawal) are not offered as bulk replies.
_REPLY_CODES = [(o.code, o.label) for o in OUTCOMES.values() if o.code not in workflow._LAPSE_ONLY]


class BulkForm(forms.Form):
    default_renderer = RENDERER  # the work list renders this form on every page view

    action = forms.ChoiceField(label="批量操作", choices=ACTIONS)
    handler = forms.TypedChoiceField(label="承办人", required=False, coerce=int, empty_value=None)
    days = forms.IntegerField(label="延长工作日数", required=False, min_value=1, max_value=MAX_EXTENSION,
                              initial=MAX_EXTENSION)  # fmt: skip
    code = forms.ChoiceField(label="办理结果", required=False, choices=[("", "—"), *_REPLY_CODES])
    basis = forms.CharField(label="法律依据", required=False, max_length=100,
                            help_text="不填则使用该办理结果对应的条款。")  # fmt: skip
    reason = forms.CharField(label="理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, user: Any, handlers: list[tuple[str, str]] | None = None,
                 **kwargs: Any) -> None:  # fmt: skip
        from gongkai.applications.views_worklist import handler_choices

        super().__init__(*args, **kwargs)
        # ``handlers``: the work list passes the list it already built for its filter (same user).
        self.fields["handler"].choices = [("", "—"), *(handler_choices(user) if handlers is None else handlers)]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        action = data.get("action")
        if action == "assign" and not data.get("handler"):
            self.add_error("handler", "请选择承办人。")
        if action == "extend" and not data.get("days"):
            self.add_error("days", f"请填写延长的工作日数（1至{MAX_EXTENSION}）。")
        if action == "close" and not data.get("code"):
            self.add_error("code", "请选择办理结果。")
        return data


@dataclass
class Item:
    pk: int
    number: str  # "" when the case is not in the user's scope: nothing about it is revealed
    agency: str
    state: str
    allowed: bool
    reason: str = ""


def parse_ids(raw: Iterable[str]) -> list[int]:
    ids: list[int] = []
    for value in raw:
        if value.isdigit() and int(value) not in ids:
            ids.append(int(value))
    return ids[:MAX_ITEMS]


def _step(user: Any, action: str, data: dict[str, Any], today: date) -> Callable[[Application], Any]:
    """The workflow call for one case; raises WorkflowError with the reason when it is refused."""
    if action == "assign":
        handler = get_user_model().objects.filter(pk=data["handler"], is_active=True).first()
        if handler is None:
            raise workflow.WorkflowError("所选承办人不存在或已停用。")
        return lambda case: workflow.assign(case, handler=handler, on=today, by=user)
    if action == "extend":

        def extend(case: Application) -> Any:
            # 第三十三条第二款: the approver is the 负责人; in bulk that is the person confirming.
            if not can(user, Cap.APPROVE, case.agency):
                raise workflow.WorkflowError("批量延长须由本机构公开办负责人操作（第三十三条第二款）。")
            return workflow.extend(case, days=data["days"], approver=user, approved_on=today, by=user)

        return extend
    return lambda case: workflow.reply(
        case,
        code=data["code"],
        on=today,
        basis=data.get("basis") or "",
        reason=data.get("reason") or "",
        by=user,
    )


class _DryRun(Exception):
    """Raised inside the preview transaction to undo the trial run."""


def _cases(user: Any, ids: list[int]) -> dict[int, Application]:
    # HANDLE, not just CASES: a 督查 or 登记员 sees cases but acts on none of them.
    found = scope(user, Application, Cap.HANDLE).select_related(
        "agency", "assigned_to", "extension_approved_by"
    )
    return {c.pk: c for c in found.filter(pk__in=ids)}


def _run(
    user: Any, action: str, ids: list[int], data: dict[str, Any], today: date, *, commit: bool
) -> list[Item]:
    try:
        step = _step(user, action, data, today)
    except workflow.WorkflowError as exc:
        return [Item(pk, "", "", "", False, "；".join(exc.messages)) for pk in ids]
    cases = _cases(user, ids)
    out: list[Item] = []
    for pk in ids:
        case = cases.get(pk)
        if case is None:
            out.append(Item(pk, "", "", "", False, "没有找到该申请，或您无权办理。"))
            continue
        item = Item(pk, case.number, case.agency.name, case.get_state_display(), True)
        try:
            with transaction.atomic():
                # Re-read under a row lock: the state may have moved since the page was shown.
                fresh = (
                    Application.objects.select_for_update(of=("self",))
                    .select_related("agency", "assigned_to", "extension_approved_by")
                    .get(pk=pk)
                )
                step(fresh)
                if not commit:
                    raise _DryRun
        except _DryRun:
            pass
        except workflow.WorkflowError as exc:
            item.allowed, item.reason = False, "；".join(exc.messages)
        out.append(item)
    return out


def preview(user: Any, action: str, ids: list[int], data: dict[str, Any], today: date) -> list[Item]:
    return _run(user, action, ids, data, today, commit=False)


def execute(user: Any, action: str, ids: list[int], data: dict[str, Any], today: date) -> list[Item]:
    return _run(user, action, ids, data, today, commit=True)
