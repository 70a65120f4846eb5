"""Errors that end in a clear sentence for a person, never a traceback."""


class ConfigError(Exception):
    """The configuration is wrong; the message names the field and is printed as one line."""


class UserError(Exception):
    """The request is wrong (unknown account, bad argument); the message is shown to the user as-is."""
