"""Staff pages for registration, attachment download/upload and the working-day calendar; the work
list and the case page live in views_worklist.py and views_case.py. Every record comes through scope()."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.accounts.decorators import requires
from gongkai.accounts.roles import Cap
from gongkai.accounts.scoping import agencies_for, can, capabilities, get_scoped_or_404
from gongkai.applications import attachments, workdays, workflow
from gongkai.applications.forms import AttachmentForm, CalendarYearForm, RegisterForm
from gongkai.applications.models import Application, Attachment, CalendarYear
from gongkai.audit import log

PAGE_SIZE = 50


def _caps_at(request: HttpRequest, case: Application) -> set[Cap]:
    return {cap for cap in (Cap.HANDLE, Cap.REGISTER) if can(request.user, cap, case.agency)}


@requires(Cap.REGISTER)
def register(request: HttpRequest) -> HttpResponse:
    agencies = agencies_for(request.user, Cap.REGISTER).order_by("path")
    form = RegisterForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        agency = data.pop("agency")
        try:
            case = workflow.register(agency, by=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已登记，申请编号 {case.number}，查询码 {case.query_code}。")
            return redirect("applications:detail", case.pk)
    return render(request, "applications/register.html", {"form": form})


@requires(Cap.PERSONAL)
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """Served only through here: scoped (Cap.PERSONAL at the case's agency) and logged as a view."""
    item = get_scoped_or_404(request.user, Attachment.objects.select_related("application"), pk=pk)
    try:
        handle = open(item.path, "rb")  # noqa: SIM115 - FileResponse closes it
    except FileNotFoundError as exc:
        raise Http404("附件文件不存在。") from exc
    log.record_view(item, fields=[f"附件：{item.get_kind_display()}"])
    response = FileResponse(handle, as_attachment=True, filename=item.original_name,
                            content_type=item.content_type or "application/octet-stream")  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@requires(Cap.PERSONAL)
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_scoped_or_404(request.user, Application, Cap.PERSONAL, pk=pk)
    if not _caps_at(request, case):
        raise PermissionDenied("您的角色无权为此申请上传材料。")
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachments.add_attachment(case, form.cleaned_data["file"], kind=form.cleaned_data["kind"],
                                       by=request.user)  # fmt: skip
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "附件已上传。")
    else:
        messages.error(request, "请选择材料类型和文件。")
    return redirect("applications:detail", case.pk)


# -- working-day calendar ----------------------------------------------------------------------------


def may_edit_calendar(user: object) -> bool:
    """The calendar is installation-wide: a 系统管理员 held at a top-level agency (or a superuser)."""
    if getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return True
    return (
        Cap.CALENDAR in capabilities(user)
        and agencies_for(user, Cap.CALENDAR).filter(parent__isnull=True).exists()
    )


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "applications/calendar.html",
        {
            "rows": workdays.coverage(),
            "warnings": workdays.warnings(),
            "can_edit": may_edit_calendar(request.user),
            "next_year": workdays.today().year + 1,
        },
    )


@login_required
def calendar_edit(request: HttpRequest, year: int) -> HttpResponse:
    if not may_edit_calendar(request.user):
        raise PermissionDenied("只有上级机构的系统管理员可以录入节假日安排。")
    if not 2000 <= year <= 2100:
        raise Http404("年份无效。")
    existing = CalendarYear.objects.filter(year=year).first()
    initial = {}
    if existing:
        initial = {"source": existing.source, "days_off": "\n".join(existing.days_off),
                   "workdays": "\n".join(existing.workdays)}  # fmt: skip
    form = CalendarYearForm(request.POST or None, year=year, initial=initial)
    if request.method == "POST" and form.is_valid():
        _, moved = workdays.save_year(
            year,
            days_off=form.cleaned_data["days_off"],
            workdays=form.cleaned_data["workdays"],
            source=form.cleaned_data["source"],
            by=request.user,
        )
        messages.success(request, f"{year}年节假日安排已保存；{moved} 件办理中申请的期限已重新计算。")
        return redirect("applications:calendar")
    return render(
        request, "applications/calendar_edit.html", {"form": form, "year": year, "existing": existing}
    )
