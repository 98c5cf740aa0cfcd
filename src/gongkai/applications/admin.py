"""Nothing of this app is registered in the Django admin, on purpose.

Cases change only through the workflow (one ledger row and one audit entry per transition), and the
calendar overrides have their own audited staff page (views.calendar_edit); an admin form would
bypass both.
"""
