"""Consent rules (CNS): written authorizations behind patient stories and photos."""
