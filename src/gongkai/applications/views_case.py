"""The staff case page: timeline, deadline trace, one form per transition the state allows, letters.

Every change goes through :mod:`workflow` (WorkflowError → the form's error, in Chinese). A step that
issues a letter is done in two requests: *draft* runs the step inside a transaction that is rolled
back (so the letter is generated from the case exactly as the step will leave it: the new deadline,
the consultation's reply date…) and shows the wording for editing; *issue* runs the step for real,
renders the edited wording to DOCX and stores it, all in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.accounts.decorators import requires
from gongkai.accounts.roles import Cap, Role
from gongkai.accounts.scoping import can, capabilities, get_scoped_or_404
from gongkai.applications import issuing, workdays, workflow
from gongkai.applications.forms import AttachmentForm
from gongkai.applications.letters import LetterData, LetterError, LetterKind, LetterText, letter_text
from gongkai.applications.letters import missing_essentials as letter_warnings
from gongkai.applications.models import (
    OPEN_STATES,
    Application,
    ConsultationKind,
    Letter,
    State,
)
from gongkai.audit import log
from gongkai.law import fees
from gongkai.law.deadlines import MAX_EXTENSION
from gongkai.law.outcomes import OUTCOMES

_DATE = forms.DateInput(attrs={"type": "date"})


def _date(label: str) -> forms.DateField:
    return forms.DateField(label=label, widget=_DATE)


class StepForm(forms.Form):
    """Base of the transition forms; ``case`` is there for choices that depend on it."""

    def __init__(self, *args: Any, case: Application, **kwargs: Any) -> None:
        self.case = case
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField) and field.initial is None:
                field.initial = workdays.today()


class LetterFields(forms.Form):
    """Fields only the letter uses; mixed into the forms of steps that issue one."""

    no_letter = forms.BooleanField(label="不出具文书，仅记录办理步骤", required=False)
    doc_number = forms.CharField(label="文号", required=False, max_length=60)


class OnForm(StepForm):
    on = _date("日期")


class NoFieldsForm(StepForm):
    pass


class ClarifyForm(StepForm, LetterFields):
    on = _date("告知日期")
    applicant_due = _date("申请人补正期限")
    items = forms.CharField(label="需要补正的事项（每行一项）", widget=forms.Textarea(attrs={"rows": 3}))
    reasons = forms.CharField(
        label="申请内容不明确之处", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ConsultForm(StepForm, LetterFields):
    kind = forms.ChoiceField(label="征求对象类型", choices=ConsultationKind.choices)
    party = forms.CharField(label="征求对象", max_length=200)
    sent_on = _date("发出日期")
    reasons = forms.CharField(
        label="涉及第三方权益的情况", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EndConsultForm(StepForm):
    consultation = forms.TypedChoiceField(label="征求意见", coerce=int)
    replied_on = _date("收到意见日期")
    opinion = forms.CharField(label="意见摘要", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consultation"].choices = [
            (c.pk, str(c)) for c in self.case.consultations.filter(replied_on__isnull=True)
        ]


class ExtendForm(StepForm, LetterFields):
    approver = forms.TypedChoiceField(label="同意延长的负责人", coerce=int)
    days = forms.IntegerField(
        label="延长工作日数", min_value=1, max_value=MAX_EXTENSION, initial=MAX_EXTENSION
    )
    approved_on = _date("同意日期")
    reasons = forms.CharField(label="延长的原因", required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        heads = get_user_model().objects.filter(
            memberships__agency=self.case.agency, memberships__role=Role.HEAD, is_active=True
        )
        self.fields["approver"].choices = [(u.pk, u.get_full_name()) for u in heads.distinct()]


class DelayForm(StepForm):
    on = _date("决定日期")
    delayed_to = _date("延迟答复期限")


class FeeForm(StepForm, LetterFields):
    on = _date("收费通知送达日期")
    method = forms.ChoiceField(label="计收方式", choices=[(m.value, m.label) for m in fees.FeeMethod])
    quantity = forms.IntegerField(label="数量（本月第几件申请，或页数）", min_value=1)
    payment_method = forms.CharField(label="缴费方式", required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("method") and data.get("quantity"):
            try:
                data["fee"] = fees.assess(data["method"], data["quantity"], on=self.case.receipt_on)
            except fees.FeeError as exc:
                raise forms.ValidationError(str(exc)) from None
        return data


class WithdrawForm(StepForm):
    on = _date("撤回日期")
    reason = forms.CharField(label="说明", required=False, max_length=200)


class ReplyForm(StepForm, LetterFields):
    code = forms.ChoiceField(label="办理结果")
    on = _date("答复日期")
    basis = forms.CharField(
        label="法律依据", required=False, max_length=100, help_text="不填则使用该结果对应的条款。"
    )
    reason = forms.CharField(label="理由", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    review_body = forms.CharField(label="行政复议机关", required=False, max_length=100)
    info_description = forms.CharField(label="提供的政府信息", required=False, max_length=500)
    info_form = forms.CharField(label="提供形式", required=False, max_length=100)
    access = forms.CharField(label="获取方式和途径", required=False, max_length=300)
    responsible_agency = forms.CharField(label="负责公开的行政机关", required=False, max_length=100)
    responsible_agency_contact = forms.CharField(label="其联系方式", required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [
            (o.code, o.label) for o in OUTCOMES.values() if o.code not in workflow._LAPSE_ONLY
        ]
        # 行政复议法第二十四条: usually the government one level up; staff confirm it on the form.
        parent = self.case.agency.parent
        self.fields["review_body"].initial = parent.name if parent else ""


class AssignForm(StepForm):
    handler = forms.TypedChoiceField(label="承办人", coerce=int)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = get_user_model().objects.filter(
            memberships__agency=self.case.agency,
            memberships__role__in=[Role.HANDLER, Role.HEAD],
            is_active=True,
        )
        self.fields["handler"].choices = [
            (u.pk, u.get_full_name()) for u in staff.distinct().order_by("name")
        ]


def _user(pk: int) -> Any:
    return get_user_model().objects.filter(pk=pk).first()


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    states: frozenset[str]
    form: type[StepForm]
    run: Callable[[Application, dict[str, Any], Any], Any]
    # The letter the step issues (from the cleaned data), or None.
    letter: Callable[[dict[str, Any]], LetterKind | None] = lambda d: None
    # The step's own data for the letter: (case after the step, cleaned data, run's result, case before).
    letter_data: Callable[[Application, dict[str, Any], Any, dict[str, Any]], dict[str, Any]] = (
        lambda case, d, r, b: {}
    )
    # Holding any one of these at the case's agency lets a user take the step.
    caps: frozenset[Cap] = frozenset({Cap.HANDLE})

    def allowed(self, user: Any, case: Application) -> bool:
        return any(can(user, cap, case.agency) for cap in self.caps)


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


_IN = State.IN_PROGRESS
STEPS: list[Step] = [
    # 第三十一条 confirmation is part of registering an online or unsigned-mail application: the 登记员
    # who took it in may record it as well as the 承办人.
    Step("confirm", "确认收到申请（第三十一条）", frozenset({State.AWAITING_CONFIRMATION}), OnForm,
         lambda c, d, u: workflow.confirm(c, on=d["on"], by=u), caps=frozenset({Cap.HANDLE, Cap.REGISTER})),
    Step("clarify", "一次性告知补正（第三十条）", frozenset({_IN}), ClarifyForm,
         lambda c, d, u: workflow.request_clarification(
             c, on=d["on"], applicant_due=d["applicant_due"], items=d["items"], by=u),
         letter=lambda d: LetterKind.CLARIFICATION,
         letter_data=lambda c, d, r, b: {
             "letter_date": d["on"], "clarification_items": _lines(d["items"]),
             "clarification_deadline": c.clarification_due, "reasons": d.get("reasons") or ""}),
    Step("clarified", "登记收到补正", frozenset({State.CLARIFICATION_REQUESTED}), OnForm,
         lambda c, d, u: workflow.receive_clarification(c, on=d["on"], by=u)),
    Step("lapse_clarification", "逾期未补正，视为放弃申请", frozenset({State.CLARIFICATION_REQUESTED}),
         NoFieldsForm, lambda c, d, u: workflow.lapse_clarification(c, today=workdays.today(), by=u)),
    Step("consult", "征求第三方或其他机关意见（第三十二、三十四条）", frozenset({_IN, State.CONSULTING}),
         ConsultForm,
         lambda c, d, u: workflow.start_consultation(c, kind=d["kind"], party=d["party"], sent_on=d["sent_on"],
                                                     by=u),
         letter=lambda d: LetterKind.THIRD_PARTY if d.get("kind") == ConsultationKind.THIRD_PARTY else None,
         letter_data=lambda c, d, r, b: {
             "letter_date": d["sent_on"], "third_party_name": d["party"],
             "consultation_deadline": r.reply_due, "reasons": d.get("reasons") or ""}),
    Step("consulted", "登记收到意见", frozenset({State.CONSULTING}), EndConsultForm,
         lambda c, d, u: workflow.end_consultation(
             c.consultations.get(pk=d["consultation"]), replied_on=d["replied_on"], opinion=d["opinion"], by=u)),
    Step("extend", "延长答复期限（第三十三条第二款）", frozenset({_IN, State.CONSULTING}), ExtendForm,
         lambda c, d, u: workflow.extend(c, days=d["days"], approver=_user(d["approver"]),
                                         approved_on=d["approved_on"], by=u),
         letter=lambda d: LetterKind.EXTENSION,
         letter_data=lambda c, d, r, b: {
             "letter_date": d["approved_on"], "extension_days": d["days"], "new_due": c.due_on,
             "extension_approver": c.extension_approved_by.get_full_name() if c.extension_approved_by else "",
             "original_due": b["due_on"], "reasons": d.get("reasons") or ""}),
    Step("reasons", "要求说明理由（第三十五条）", frozenset({_IN}), OnForm,
         lambda c, d, u: workflow.request_reasons(c, on=d["on"], by=u)),
    Step("delay", "确定延迟答复期限（第三十五条）", frozenset({State.REASON_REQUESTED}), DelayForm,
         lambda c, d, u: workflow.set_delayed_deadline(c, on=d["on"], delayed_to=d["delayed_to"], by=u)),
    Step("fee", "发出收费通知（国办函〔2020〕109号）", frozenset({_IN}), FeeForm,
         lambda c, d, u: workflow.send_fee_notice(c, on=d["on"], amount=d["fee"].amount, by=u),
         letter=lambda d: LetterKind.FEE_NOTICE,
         letter_data=lambda c, d, r, b: {
             "letter_date": d["on"], "fee": d["fee"], "fee_payment_method": d.get("payment_method") or "",
             "fee_payment_due": c.fee_due}),
    Step("fee_paid", "登记缴费", frozenset({State.FEE_NOTICE_SENT}), OnForm,
         lambda c, d, u: workflow.record_fee_paid(c, on=d["on"], by=u)),
    Step("lapse_fee", "逾期未缴费，不再处理", frozenset({State.FEE_NOTICE_SENT}), NoFieldsForm,
         lambda c, d, u: workflow.lapse_fee(c, today=workdays.today(), by=u)),
    Step("reply", "作出答复（第三十六—四十一条）", frozenset({_IN, State.REASON_REQUESTED}), ReplyForm,
         lambda c, d, u: workflow.reply(c, code=d["code"], on=d["on"], basis=d["basis"], reason=d["reason"], by=u),
         letter=lambda d: _reply_letter(d.get("code") or ""),
         letter_data=lambda c, d, r, b: {
             "letter_date": d["on"], "outcome_code": d["code"], "reasons": d["reason"],
             "review_body": d["review_body"], "info_description": d["info_description"],
             "info_form": d["info_form"], "access": d["access"], "responsible_agency": d["responsible_agency"],
             "responsible_agency_contact": d["responsible_agency_contact"],
             "clarification_deadline": c.clarification_due, "clarification_sent_on": c.clarification_requested_on}),
    Step("withdraw", "申请人撤回申请", frozenset(OPEN_STATES), WithdrawForm,
         lambda c, d, u: workflow.withdraw(c, on=d["on"], reason=d["reason"], by=u)),
    Step("assign", "指定承办人", frozenset(OPEN_STATES), AssignForm,
         lambda c, d, u: workflow.assign(c, handler=_user(d["handler"]), on=workdays.today(), by=u)),
    Step("archive", "归档", frozenset({State.ANSWERED, State.LAPSED, State.WITHDRAWN}), OnForm,
         lambda c, d, u: workflow.archive(c, on=d["on"], by=u)),
]  # fmt: skip
STEPS_BY_NAME = {s.name: s for s in STEPS}
ACTING_CAPS: frozenset[Cap] = frozenset().union(*(s.caps for s in STEPS))  # HANDLE and REGISTER


def _reply_letter(code: str) -> LetterKind | None:
    from gongkai.applications.letters import reply_kind

    try:
        return reply_kind(code)
    except LetterError:
        return None


# -- the page ----------------------------------------------------------------------------------------


def _load(user: Any, pk: int) -> Application:
    return get_scoped_or_404(
        user, Application.objects.select_related("agency", "agency__parent", "extension_approved_by", "assigned_to"),
        pk=pk,
    )  # fmt: skip


def _page(request: HttpRequest, case: Application, *, bound: tuple[str, StepForm] | None = None,
          status: int = 200) -> HttpResponse:  # fmt: skip
    user = request.user
    personal = can(user, Cap.PERSONAL, case.agency)
    handle = can(user, Cap.HANDLE, case.agency)
    if personal:
        # One entry per view of the applicant's personal data (fields named, values never logged).
        log.record_view(case, fields=["申请人姓名或名称", "证件号码", "联系电话", "电子邮箱", "通信地址"])
    steps = []
    for step in STEPS:
        if case.state not in step.states or not step.allowed(user, case):
            continue
        form = bound[1] if bound and bound[0] == step.name else step.form(case=case, prefix=step.name)
        steps.append({"step": step, "form": form, "open": bool(bound and bound[0] == step.name)})
    context = {
        "case": case,
        "personal": personal,
        "events": case.events.select_related("actor").all(),
        "consultations": case.consultations.all(),
        "attachments": case.attachments.all() if personal else [],
        "letters": case.letters.select_related("issued_by") if personal else [],
        "can_upload": personal and (handle or can(user, Cap.REGISTER, case.agency)),
        "upload_form": AttachmentForm(),
        "steps": steps,
    }
    return render(request, "applications/case.html", context, status=status)


@requires(Cap.CASES)
def case_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _load(request.user, pk))


class LetterEditForm(forms.Form):
    """The generated wording, one paragraph per line, as staff edit it before issue."""

    title = forms.CharField(label="标题", max_length=100)
    doc_number_text = forms.CharField(label="文号", required=False, max_length=60)
    addressee = forms.CharField(label="主送", required=False, max_length=200)
    body = forms.CharField(label="正文（每行一段）", widget=forms.Textarea(attrs={"rows": 16, "cols": 80}))
    signature = forms.CharField(label="落款（每行一行）", widget=forms.Textarea(attrs={"rows": 2}))

    @classmethod
    def of(cls, text: LetterText) -> LetterEditForm:
        return cls(prefix="letter", initial={
            "title": text.title, "doc_number_text": text.doc_number, "addressee": text.addressee,
            "body": "\n".join(text.paragraphs), "signature": "\n".join(text.signature)})  # fmt: skip

    def text(self) -> LetterText:
        d = self.cleaned_data
        return LetterText(title=d["title"].strip(), doc_number=d["doc_number_text"].strip(),
                          addressee=d["addressee"].strip(), paragraphs=_lines(d["body"]),
                          signature=_lines(d["signature"]))  # fmt: skip


class _DryRun(Exception):
    def __init__(self, payload: Any) -> None:
        super().__init__("dry run")
        self.payload = payload


def _letter_data(step: Step, case: Application, data: dict[str, Any], result: Any,
                 before: dict[str, Any]) -> LetterData:  # fmt: skip
    extra = step.letter_data(case, data, result, before)
    if data.get("doc_number"):
        extra["doc_number"] = data["doc_number"]
    return issuing.base_data(case, **extra)


def _fresh(pk: int) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("agency", "agency__parent", "extension_approved_by", "assigned_to")
        .get(pk=pk)
    )


@require_POST
@requires(Cap.CASES)  # HANDLE for most steps, REGISTER suffices for some: Step.allowed decides below
def act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """Run one step: directly, or (steps with a letter) draft → edit → issue."""
    if not ACTING_CAPS & capabilities(request.user):
        # Roles that take no step anywhere (督查, 系统管理员) are refused before any lookup, as before.
        raise PermissionDenied("您的角色无权办理此申请。")
    case = _load(request.user, pk)
    step = STEPS_BY_NAME.get(name)
    if step is None:
        raise Http404("没有这个办理步骤。")
    if not step.allowed(request.user, case):
        raise PermissionDenied("您的角色无权办理此申请。")
    form = step.form(request.POST, case=case, prefix=step.name)
    if case.state not in step.states:
        # The form is not on the page in this state, so the refusal is a page message.
        messages.error(request, f"当前状态为“{case.get_state_display()}”，不能{step.label}。")
        return _page(request, case, status=409)
    if not form.is_valid():
        return _page(request, case, bound=(step.name, form))
    data = form.cleaned_data
    kind = None if data.get("no_letter") else step.letter(data)
    if kind is not None and not can(request.user, Cap.PERSONAL, case.agency):
        raise PermissionDenied("出具文书需要查看申请人信息的权限。")
    stage = request.POST.get("stage", "draft") if kind is not None else "run"
    before = {"due_on": case.due_on}
    user = request.user

    if stage == "draft":
        try:
            with transaction.atomic():
                fresh = _fresh(case.pk)
                result = step.run(fresh, data, user)
                ldata = _letter_data(step, fresh, data, result, before)
                raise _DryRun((ldata, letter_text(kind, ldata)))
        except _DryRun as dry:
            ldata, text = dry.payload
        except (workflow.WorkflowError, LetterError) as exc:
            form.add_error(None, _message(exc))
            return _page(request, case, bound=(step.name, form))
        return _editor(request, case, step, form, kind, LetterEditForm.of(text), notes=list(text.notes))

    if stage == "issue":
        editor = LetterEditForm(request.POST, prefix="letter")
        if not editor.is_valid():
            return _editor(request, case, step, form, kind, editor)
        text = editor.text()
        issued: list[Letter] = []
        try:
            with transaction.atomic():
                fresh = _fresh(case.pk)
                result = step.run(fresh, data, user)
                ldata = _letter_data(step, fresh, data, result, before)
                warnings = letter_warnings(kind, ldata, text)
                if warnings and request.POST.get("accept_warnings") != "1":
                    raise _DryRun(warnings)
                issued.append(issuing.issue(fresh, kind, ldata, text, by=user))
        except _DryRun as dry:
            for letter in issued:
                issuing.discard_on_rollback(letter)
            return _editor(request, case, step, form, kind, editor, warnings=list(dry.payload))
        except (workflow.WorkflowError, LetterError) as exc:
            for letter in issued:
                issuing.discard_on_rollback(letter)
            editor.add_error(None, _message(exc))
            return _editor(request, case, step, form, kind, editor)
        messages.success(request, f"{step.label}：已办理，并出具《{text.title}》。")
        return redirect("applications:detail", case.pk)

    try:
        with transaction.atomic():
            step.run(_fresh(case.pk), data, user)
    except workflow.WorkflowError as exc:
        form.add_error(None, _message(exc))
        return _page(request, case, bound=(step.name, form))
    messages.success(request, f"{step.label}：已办理。")
    return redirect("applications:detail", case.pk)


def _message(exc: Exception) -> str:
    if isinstance(exc, workflow.WorkflowError):
        return "；".join(exc.messages)
    return str(exc)


def _editor(request: HttpRequest, case: Application, step: Step, form: StepForm, kind: LetterKind,
            editor: LetterEditForm, *, notes: list[str] | None = None,
            warnings: list[str] | None = None) -> HttpResponse:  # fmt: skip
    # The editor shows the applicant's name and address: a personal-data view like the case page.
    log.record_view(case, fields=["申请人姓名或名称", "通信地址"], note=f"文书草稿：{kind.title}")
    return render(request, "applications/letter_edit.html", {
        "case": case, "step": step, "form": form, "kind": kind, "editor": editor,
        "notes": notes or [], "warnings": warnings or []})  # fmt: skip


@requires(Cap.PERSONAL)
def letter_download(request: HttpRequest, pk: int) -> FileResponse:
    """Scoped by Letter's policy (Cap.PERSONAL at the case's agency) and logged as a personal-data view."""
    letter = get_scoped_or_404(request.user, Letter.objects.select_related("application"), pk=pk)
    try:
        handle = open(letter.path, "rb")  # noqa: SIM115 - FileResponse closes it
    except FileNotFoundError as exc:
        raise Http404("文书文件不存在。") from exc
    log.record_view(letter, fields=[f"文书：{letter.title}"])
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=letter.filename,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
