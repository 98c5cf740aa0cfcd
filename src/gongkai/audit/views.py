from __future__ import annotations

import csv

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from gongkai.accounts.decorators import requires
from gongkai.accounts.roles import Cap
from gongkai.accounts.scoping import get_scoped_or_404, scope
from gongkai.audit import log
from gongkai.audit.forms import AuditFilterForm
from gongkai.audit.models import AuditEntry

EXPORT_LIMIT = 100_000


class _Echo:
    def write(self, value: str) -> str:
        return value


@require_safe
@requires(Cap.AUDIT)
def entry_list(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None, user=request.user)
    entries = scope(request.user, AuditEntry).select_related("agency", "content_type")
    if form.is_bound:
        entries = form.apply(entries)
    if request.GET.get("format") == "csv":
        return _export(request, entries)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/list.html", {"form": form, "page": page, "query": query.urlencode()})


@require_safe
@requires(Cap.AUDIT)
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_scoped_or_404(request.user, AuditEntry, pk=pk)
    return render(request, "audit/detail.html", {"entry": entry})


def _export(request: HttpRequest, entries: QuerySet[AuditEntry]) -> StreamingHttpResponse:
    log.record(log.Action.EXPORT, note=f"导出审计日志：{request.GET.urlencode()}"[:300])
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
        yield writer.writerow(
            ["时间", "操作人", "来源地址", "操作", "机构", "对象类型", "对象编号", "对象", "变更", "说明"]
        )
        for e in entries[:EXPORT_LIMIT].iterator():
            yield writer.writerow(
                [
                    timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
                    e.actor_name,
                    e.ip or "",
                    e.get_action_display(),
                    e.agency.name if e.agency else "",
                    e.content_type.name if e.content_type else "",
                    e.object_id,
                    e.object_repr,
                    "；".join(f"{label}：{before} → {after}" for label, before, after in e.change_rows()),
                    e.note,
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response
