"""The compromise audit (`/aws-audit`): collectors -> `AuditData` -> checks -> verdict.

`run.audit_account` is the whole audit as one call. This package stays empty so that the check
modules can import `bot.audit.data` without pulling in the runner, which imports them.
"""
