"""Issuing a letter for a case: the LetterData a case provides, and storing the issued DOCX.

:mod:`letters` is pure (no Django); this module is its bridge to the records. An issued letter keeps
the exact text that was signed (staff may edit the generated wording) and the DOCX rendered from it,
stored under the data directory (outside any web root) and served only by the scoped download view.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import replace
from typing import Any

from django.db import transaction

from gongkai.applications.letters import LetterData, LetterKind, LetterText, render_letter
from gongkai.applications.models import (
    ApplicantKind,
    Application,
    CaseEvent,
    EventKind,
    Letter,
    letter_root,
)


def base_data(case: Application, **extra: Any) -> LetterData:
    """What every letter of this case says about the agency, the applicant and the application."""
    agency = case.agency
    data = LetterData(
        agency_name=agency.name,
        agency_address=agency.office_address,
        agency_phone=agency.phone,
        agency_postcode=agency.postal_code,
        agency_contact_office=agency.disclosure_office or agency.name,
        applicant_name=case.applicant_name,
        applicant_is_organisation=case.applicant_kind != ApplicantKind.NATURAL_PERSON,
        applicant_address=case.address,
        applicant_postcode=case.postal_code,
        application_number=case.number,
        received_on=case.receipt_on,
        request_summary=case.description,
        channel=case.channel,
    )
    return replace(data, **extra)


def issue(case: Application, kind: LetterKind, data: LetterData, text: LetterText, *, by: Any) -> Letter:
    """Render ``text`` to DOCX, store it, and record it (one audit entry for the Letter, one ledger row).

    Raises :class:`letters.LetterError` before anything is stored when the data or text is unfit.
    Call inside the transaction of the step that issues the letter, so both stand or fall together.
    """
    from gongkai.applications.workflow import _actor_name

    content = render_letter(kind, data, text)
    root = letter_root()
    root.mkdir(parents=True, exist_ok=True)
    stored = f"{uuid.uuid4().hex}.docx"
    target = root / stored
    with open(target, "xb") as handle:
        handle.write(content)
    os.chmod(target, 0o600)
    try:
        with transaction.atomic():
            letter = Letter(
                application=case,
                kind=kind.value,
                title=text.title[:100],
                text=text.to_dict(),
                stored_name=stored,
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                issued_by=by if getattr(by, "pk", None) else None,
            )
            letter.save()
            CaseEvent(
                application=case, on=data.letter_date or letter.issued_at.date(), actor=letter.issued_by,
                actor_name=_actor_name(by), kind=EventKind.LETTER_ISSUED, state_before=case.state,
                state_after=case.state, note=f"出具《{letter.title}》{text.doc_number}".strip(),
                data={"letter": letter.pk, "kind": kind.value},
            ).save()  # fmt: skip
    except Exception:
        target.unlink(missing_ok=True)
        raise
    return letter


def discard_on_rollback(letter: Letter) -> None:
    """Remove the file if the surrounding transaction is rolled back after :func:`issue`."""
    # Django has no on-rollback hook, so the caller that rolls back removes the file itself.
    letter.path.unlink(missing_ok=True)
