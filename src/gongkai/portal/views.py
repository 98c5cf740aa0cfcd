"""Public pages: the online application form, its receipt page, and the status page by query code.

No login. Every write goes through ``workflow.register`` and ``attachments.add_attachment`` (so the
models audit it), under an audit context naming the anonymous public user; the client address is
taken from the request by the audit log.
"""

from __future__ import annotations

import math

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from gongkai.applications import attachments, workdays, workflow
from gongkai.applications.models import Application, Attachment, AttachmentKind
from gongkai.audit import context
from gongkai.law.deadlines import Channel
from gongkai.portal import ratelimit, uploads
from gongkai.portal.forms import ApplyForm, StatusForm, is_well_formed, public_agencies
from gongkai.portal.status import public_view

# How the audit log and the case ledger name the actor of a public submission (no account exists).
PUBLIC_ACTOR = "公众（网上申请）"
# The session keeps only the number and the query code, to show them again after the redirect.
RECEIPT_KEY = "portal_receipt"
# Looked up instead of a malformed code: never a stored code (not in the alphabet), same query, same page.
_NO_CODE = "-"


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/index.html", {"agency_count": public_agencies().count()})


def _too_many(request: HttpRequest, verdict: ratelimit.Verdict) -> HttpResponse:
    response = render(
        request,
        "portal/429.html",
        {"limit": verdict.limit, "minutes": math.ceil(verdict.retry_after / 60)},
        status=429,
    )
    response["Retry-After"] = str(verdict.retry_after)
    return response


@csrf_exempt  # not exempt at all: _apply is csrf_protect'ed, see below
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    """Count and size-check a submission *before* its body is read, then hand over to ``_apply``.

    The CSRF middleware would parse the whole multipart body (every uploaded file, to a temporary
    file) before any view code runs. Exempting this outer view and protecting the inner one (Django's
    documented pattern for upload handling) lets a flood or an oversized request be refused unread.
    """
    if request.method == "POST":
        verdict = ratelimit.hit(request, "apply")
        if not verdict.allowed:
            return _too_many(request, verdict)
        lim = uploads.limits()
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > lim.max_request_bytes:
            return render(request, "portal/too_large.html", {"limits": lim}, status=413)
    return _apply(request)


@csrf_protect
def _apply(request: HttpRequest) -> HttpResponse:
    form = ApplyForm(request.POST, request.FILES) if request.method == "POST" else ApplyForm()
    if request.method == "POST" and form.is_valid():
        try:
            case = _register(request, form)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            request.session[RECEIPT_KEY] = {"number": case.number, "code": case.query_code}
            return redirect("portal:apply_done")
    return render(request, "portal/apply.html", {"form": form, "limits": form.limits})


def _register(request: HttpRequest, form: ApplyForm) -> Application:
    """Record the case (第二十九条) and its files in one transaction, as the anonymous public user.

    Channel online: the clock waits for the agency to confirm receipt with the applicant (第三十一条),
    which is the agency's act (``workflow.confirm``), not the portal's.
    """
    data = form.cleaned_data
    stored: list[Attachment] = []
    with context.acting(request=request, label=PUBLIC_ACTOR), transaction.atomic():
        try:
            case = workflow.register(
                data["agency"],
                by=None,
                channel=Channel.ONLINE.value,
                arrived_on=workdays.today(),
                **form.application_fields(),
            )
            for kind, field in (
                (AttachmentKind.IDENTITY, "identity_files"),
                (AttachmentKind.OTHER, "other_files"),
            ):
                for upload in data[field]:
                    stored.append(attachments.add_attachment(case, upload, kind=kind))
        except Exception:
            # The rollback undoes the rows; the files already written must go too.
            for item in stored:
                item.path.unlink(missing_ok=True)
            raise
    return case


@require_http_methods(["GET"])
def apply_done(request: HttpRequest) -> HttpResponse:
    """The receipt: number and query code only — nothing the applicant typed is echoed back."""
    receipt = request.session.get(RECEIPT_KEY)
    if not receipt:
        return redirect("portal:apply")
    return render(request, "portal/apply_done.html", {"number": receipt["number"], "code": receipt["code"]})


@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    """Look a case up by its query code (POST only: the code stays out of URLs, logs and history).

    A malformed code and an unknown one get the same query and the same "未找到" page, so the answer
    reveals nothing about which codes exist beyond the one the visitor already holds.
    """
    result = None
    searched = False
    if request.method == "POST":
        verdict = ratelimit.hit(request, "status")
        if not verdict.allowed:
            return _too_many(request, verdict)
        form = StatusForm(request.POST)
        if form.is_valid():
            searched = True
            code = form.cleaned_data["code"]
            case = (
                Application.objects.select_related("agency")
                .filter(query_code=code if is_well_formed(code) else _NO_CODE)
                .first()
            )
            result = public_view(case) if case is not None else None
            form = StatusForm()  # the code is not echoed back either
    else:
        form = StatusForm()
    return render(request, "portal/status.html", {"form": form, "result": result, "searched": searched})
