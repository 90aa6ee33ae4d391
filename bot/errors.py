"""Errors that stop start-up with one clear line for the operator."""


class StartupError(Exception):
    """A problem the operator must fix before the bot can start; the message says how."""
