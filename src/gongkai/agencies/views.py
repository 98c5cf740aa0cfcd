from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gongkai.accounts.decorators import requires
from gongkai.accounts.roles import Cap
from gongkai.accounts.scoping import get_scoped_or_404, scope
from gongkai.agencies.models import Agency, Kind, tree_order


@requires(Cap.VIEW)
def agency_list(request: HttpRequest) -> HttpResponse:
    agencies = list(scope(request.user, Agency).select_related("parent"))
    return render(request, "agencies/list.html", {"rows": tree_order(agencies)})


@requires(Cap.VIEW)
def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_scoped_or_404(request.user, Agency, pk=pk)
    children = scope(request.user, agency.children.all())
    year = timezone.localdate().year - 1
    return render(
        request,
        "agencies/detail.html",
        {"agency": agency, "children": children, "year": year, "deadline": agency.report_deadline(year)},
    )


@requires(Cap.STATS)
def deadlines(request: HttpRequest) -> HttpResponse:
    """Each agency's deadline for last year's annual report: what a supervisor checks first."""
    year = timezone.localdate().year - 1
    if (asked := request.GET.get("year", "")).isdigit() and 2008 <= int(asked) <= 9998:
        year = int(asked)
    agencies = scope(request.user, Agency, Cap.STATS).exclude(kind=Kind.REGION)
    rows = [
        (agency, depth, agency.report_deadline(year), agency.statutory_deadline(year))
        for agency, depth in tree_order(list(agencies))
    ]
    return render(
        request,
        "agencies/deadlines.html",
        {"rows": rows, "year": year, "unset": sum(1 for r in rows if r[2] is None)},
    )
