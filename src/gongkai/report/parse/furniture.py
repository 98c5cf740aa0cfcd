"""What a page prints besides the report: page numbers and running headers.

Text copied out of a PDF or a Word file keeps them wherever a page ended, tables included; every
reader and the assembler tell them from the report's words by these patterns alone.
"""

from __future__ import annotations

import re

from gongkai.report.chars import HAN_DIGITS, HAN_ZEROS, number_of

# A page number as printed in a page's header or footer: "- 6 -", "— 6 —", "第6页", "第 6 页 共 12 页",
# "共12页第6页", "6/12". A bare "6" is not among them: inside a table it reads as a cell.
PAGE_NUMBER = re.compile(
    r"^[-—–－]\s*\d{1,4}\s*[-—–－]$"
    r"|^第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?$"
    r"|^共\s*\d{1,4}\s*页\s*[,，/／]?\s*第\s*\d{1,4}\s*页$"
    r"|^\d{1,4}\s*[/／]\s*\d{1,4}$")
PAGE_NUMBER_STARTS = frozenset("-—–－第共0123456789")  # the first characters PAGE_NUMBER allows

# A year in digits of either width, or in Chinese numerals ("二〇二五", "二0二五").
_YEAR = rf"[2２][0０]\d\d|[1１][9９]\d\d|[一二][{HAN_ZEROS}][{HAN_ZEROS}{HAN_DIGITS}]{{2}}"
# 工作年度报告 as the 条例 names it; 年度报告, 工作报告, 年报 as titles also print it.
_REPORT_NAME = r"(?:(?:政府)?信息公开|政务公开)(?:工作)?(?:年度?报告|年报|报告)"
# A report's title names its year before the report's name ("…局2025年政府信息公开工作年度报告", the
# 年 sometimes left out or the year in brackets: "…局（2025年度）政府信息公开…"), at the start before
# the agency ("2025年度…局政府信息公开工作年度报告"), inside the name ("…局政府信息公开工作2025年度报告"),
# or after it in brackets ("…局政府信息公开工作年度报告（2025年）"). `title_year` reads its year; the
# agency is what stands before the match, or the group `agency` when the year comes first.
YEAR_TITLE = re.compile(
    rf"(?<!\d)(?P<year>{_YEAR})\s*(?:年度?)?\s*{_REPORT_NAME}"
    rf"|[（(〔【\[]\s*(?P<year_bracket>{_YEAR})\s*年?度?\s*[）)〕】\]]\s*{_REPORT_NAME}"
    rf"|^(?P<year_first>{_YEAR})\s*年度?\s*(?P<agency>[^\s\d，。；,.;：:]{{2,40}}?){_REPORT_NAME}"
    rf"|(?:(?:政府)?信息公开|政务公开)(?:工作)?\s*(?P<year_inside>{_YEAR})\s*年度?报告"
    rf"|{_REPORT_NAME}\s*[（(〔【\[]\s*(?P<year_after>{_YEAR})\s*年?度?\s*[）)〕】\]]")
_YEAR_GROUPS = ("year", "year_bracket", "year_first", "year_inside", "year_after")
AGENCY_LINE = re.compile(r"^[^\d\s，。,.；;：:]{2,30}(?:政府|委员会|管委会|办公厅|办公室|局|厅|委|办|院|中心|署)$")
# A date alone on its line, as a report is signed: "2026年1月20日", "二〇二六年一月二十日".
_HAN = f"{HAN_ZEROS}{HAN_DIGITS}十"
DATE_LINE = re.compile(rf"^\s*(20\d\d|{_YEAR})\s*年\s*(\d{{1,2}}|[{_HAN}]{{1,3}})\s*月\s*(\d{{1,2}}|[{_HAN}]{{1,3}})\s*日\s*$")


def title_year(found: re.Match[str]) -> int:
    """The year a YEAR_TITLE match names."""
    year = number_of(next(filter(None, map(found.group, _YEAR_GROUPS)), ""))
    assert year is not None  # the pattern admits only years
    return year


def title_agency(text: str, found: re.Match[str]) -> str:
    """What the title prints for the agency (untrimmed): before the year, or between year and name.

    A report issued by another office names its agency after 关于 ("××县人民政府办公室关于××县2025年…
    报告"): the report is the one 关于 names.
    """
    printed = found.group("agency") if found.group("year_first") else text[:found.start()]
    issuer, about, subject = printed.rpartition("关于")
    return (subject.strip() or issuer) if about else printed


def is_bare_number(text: str) -> bool:
    """A number of at most three ASCII digits: what a bare page number ("6") looks like, and a cell too."""
    return text.isdigit() and len(text) <= 3 and text.isascii()


def is_page_number(text: str) -> bool:
    """A decorated page number ("- 6 -", "第6页", "6/12"); `text` stripped."""
    return bool(text) and text[0] in PAGE_NUMBER_STARTS and PAGE_NUMBER.match(text) is not None


def running_header(text: str, title: str | None = None, agency: str | None = None) -> bool:
    """A line a page break leaves among table lines: a page number ("- 6 -"), a running header
    (the report's title, the agency, a date)."""
    if not text or text[-1] in "。；;" or len(text) > 80:
        return False  # a sentence
    return (PAGE_NUMBER.match(text) is not None or text in (title, agency) or AGENCY_LINE.match(text) is not None
            or DATE_LINE.match(text) is not None or YEAR_TITLE.search(text) is not None)
