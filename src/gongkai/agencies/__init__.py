"""Agencies: the tree of regions, governments, departments and other disclosing bodies."""
