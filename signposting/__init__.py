"""Signposting: an Active Signposting toolkit for NHS GP practices."""

__version__ = "0.1.0"
