"""Shared platform pieces: roles and access, the audit log, jobs, base templates."""
