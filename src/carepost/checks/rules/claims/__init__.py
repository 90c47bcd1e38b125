"""Claim rules (CLM): health claims, their evidence, and regulators' enforcement families."""
