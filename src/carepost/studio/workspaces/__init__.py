"""Tenancy: organizations, workspaces and members with roles."""
