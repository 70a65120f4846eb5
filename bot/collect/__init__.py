"""Collectors: one module per AWS service, each reading one account (and one region) once.

A collector paginates its service's read-only API and returns plain, frozen records; it knows
nothing of checks, verdicts or Slack. The audit (and other commands) run collectors as leaf tasks
through `services.fanout`, one region × one service each, so a failure stays with its region.
"""
