"""Errors a user can act on: the CLI prints them as one line and exits non-zero."""


class HaitaoError(Exception):
    """A problem the user can fix (bad config, unknown store, port in use)."""


class ConfigError(HaitaoError):
    """A configuration file or environment variable is wrong."""
