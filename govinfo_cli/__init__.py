"""govinfo: the annual government information-disclosure report as a data file."""

__version__ = "0.1.0"
