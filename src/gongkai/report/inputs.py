"""The files a command line names: files as given, folders searched, wildcards expanded.

A supervisor keeps a year's reports in a folder; on Windows the shell hands `*.pdf` over unexpanded.
So a folder stands for the report files in it (and its subfolders), and a name with wildcards that is
no file stands for the files it matches. Nothing is dropped unseen: what a folder holds besides
reports is counted in a note, and a folder or pattern that yields no report is an error of its own.
"""

from __future__ import annotations

import errno
import glob
import os
from dataclasses import dataclass, field

# What gongkai reads, by the names such files are saved under (the readers go by content; the names
# only decide what to take from a folder).
REPORT_SUFFIXES = frozenset({
    ".txt", ".text", ".md", ".markdown",
    ".html", ".htm", ".shtml", ".xhtml", ".mht", ".mhtml",
    ".docx", ".doc", ".wps", ".pdf", ".json",
})
_WILDCARDS = frozenset("*?[")
_OS_ERRORS_ZH = {errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.EISDIR: "是目录",
                 errno.ENOENT: "路径不存在", errno.ENOTDIR: "路径中有一段不是目录", errno.ENOSPC: "磁盘已满",
                 errno.EROFS: "文件系统只读"}
_SHOWN = 3  # skipped files named in a note


@dataclass
class Inputs:
    files: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # argument -> why it gave no file
    notes: list[str] = field(default_factory=list)


def expand(arguments: list[str]) -> Inputs:
    """The files the arguments name, in their order (a folder's files sorted by path); like a
    shell's expansion, a file named twice is checked twice."""
    found = Inputs()
    add = found.files.append
    for argument in arguments:
        if os.path.isdir(argument):
            reports, others, unreadable = _folder(argument)
            found.notes.extend(f"无法读取目录 {path}（{why}），其中的文件未核查" for path, why in unreadable)
            if others:
                shown = "、".join(others[:_SHOWN]) + ("等" if len(others) > _SHOWN else "")
                found.notes.append(f"目录 {argument} 中有 {len(others)} 个文件不是年报常用的格式，已跳过：{shown}")
            if not reports:
                found.errors[argument] = f"{argument}：目录中没有年度报告文件（文本、HTML、Word、PDF 或 JSON）"
            for path in reports:
                add(path)
        elif not os.path.exists(argument) and _WILDCARDS & set(argument):
            matches = sorted(path for path in glob.glob(argument, recursive=True) if os.path.isfile(path))
            if not matches:
                # "报告[2024].txt" may be a file's name as well as a pattern.
                found.errors[argument] = f"{argument}：没有与之匹配的文件（也没有这个名字的文件）"
            for path in matches:
                add(path)
        else:
            add(argument)  # a file, or a name the reader will say is missing
    return found


def _folder(folder: str) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """The report files under `folder` (hidden ones left out), the names of the other files, and the
    folders that could not be listed (with why)."""
    reports: list[str] = []
    others: list[str] = []
    unreadable: list[tuple[str, str]] = []

    def refused(error: OSError) -> None:
        unreadable.append((str(error.filename), os_error_zh(error)))

    for root, dirs, names in os.walk(folder, onerror=refused):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if not name.startswith("."):
                path = os.path.join(root, name)
                (reports if os.path.splitext(name)[1].lower() in REPORT_SUFFIXES else others).append(path)
    return sorted(reports), sorted(os.path.relpath(path, folder) for path in others), unreadable


def os_error_zh(exc: OSError) -> str:
    """Why the system refused a file or folder, in Chinese where the reason is a common one."""
    return _OS_ERRORS_ZH.get(exc.errno or 0, exc.strerror or str(exc))
