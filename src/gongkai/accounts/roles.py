"""Roles, the capabilities they grant, and how far down the agency tree each reaches.

This table is the whole access policy: the scoping function reads it, and nothing else decides who
may see what. A role is held at one agency; `Reach.SUBTREE` extends it to every agency below.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "系统管理员"
    HEAD = "head", "公开办负责人"
    HANDLER = "handler", "承办人"
    REGISTRAR = "registrar", "登记员"
    SUPERVISOR = "supervisor", "督查"


class Cap(StrEnum):
    """What a role lets its holder do at an agency."""

    VIEW = "view"  # read the agency's own details (名称、联系方式、指南事项)
    MANAGE_AGENCIES = "manage_agencies"  # configure agencies (Django admin)
    MANAGE_USERS = "manage_users"  # create users and assign roles; see staff contact details
    AUDIT = "audit"  # browse the audit log
    PERSONAL = "personal"  # see applicants' personal data
    HANDLE = "handle"  # handle cases (承办)
    REGISTER = "register"  # register applications (登记)
    APPROVE = "approve"  # approve deadline extensions
    SIGN_REPORTS = "sign_reports"  # sign off annual reports
    STATS = "stats"  # statistics and reports, aggregated, without personal data
    # Added by the applications app (issue 5):
    # see 依申请公开 case records (number, state, deadlines); personal data needs PERSONAL as well
    CASES = "cases"
    # enter the yearly 节假日安排 overrides (installation-wide: held at a top-level agency)
    CALENDAR = "calendar"


class Reach(StrEnum):
    AGENCY = "agency"  # the agency where the role is held
    SUBTREE = "subtree"  # that agency and everything below it


ROLE_GRANTS: dict[Role, dict[Cap, Reach]] = {
    # Configures the installation below the agency where the role is held; deliberately no PERSONAL:
    # an administrator manages accounts, not applicants.
    Role.ADMIN: {
        Cap.VIEW: Reach.SUBTREE,
        Cap.MANAGE_AGENCIES: Reach.SUBTREE,
        Cap.MANAGE_USERS: Reach.SUBTREE,
        Cap.AUDIT: Reach.SUBTREE,
        Cap.CALENDAR: Reach.SUBTREE,  # applications app: working-day calendar overrides
    },
    Role.HEAD: {
        Cap.VIEW: Reach.AGENCY,
        Cap.PERSONAL: Reach.AGENCY,
        Cap.HANDLE: Reach.AGENCY,
        Cap.APPROVE: Reach.AGENCY,
        Cap.SIGN_REPORTS: Reach.AGENCY,
        Cap.AUDIT: Reach.AGENCY,
        Cap.STATS: Reach.AGENCY,
        Cap.CASES: Reach.AGENCY,
    },
    Role.HANDLER: {
        Cap.VIEW: Reach.AGENCY,
        Cap.PERSONAL: Reach.AGENCY,
        Cap.HANDLE: Reach.AGENCY,
        Cap.CASES: Reach.AGENCY,
    },
    Role.REGISTRAR: {
        Cap.VIEW: Reach.AGENCY,
        Cap.PERSONAL: Reach.AGENCY,
        Cap.REGISTER: Reach.AGENCY,
        Cap.CASES: Reach.AGENCY,
    },
    # Read-only over the subtree: statistics and reports, never applicants' personal data. CASES lets a
    # supervisor follow case progress and deadlines below it; the pages then hide every personal field.
    Role.SUPERVISOR: {Cap.VIEW: Reach.SUBTREE, Cap.STATS: Reach.SUBTREE, Cap.CASES: Reach.SUBTREE},
}


@dataclass(frozen=True)
class Policy:
    """How the records of one model belong to agencies, declared on the model as `access = Policy(...)`.

    agency:      lookup path from the model to its owning Agency ("" when the model is Agency itself).
    read:        the capability needed to see a record at all.
    sensitive:   name of a boolean field marking rows that carry applicants' personal data; such rows
                 need Cap.PERSONAL at their agency as well.
    """

    agency: str
    read: Cap
    sensitive: str | None = None
