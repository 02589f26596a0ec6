"""Exceptions and warnings of the analytics core.

Every message is meant to be read by a user: it names the input that is wrong
and, where there is one, the row (1-based) or subgroup.
"""

from __future__ import annotations


class AnalyticsError(ValueError):
    """Invalid input to an analytics function; the message says what to fix."""


class InsufficientDataError(AnalyticsError):
    """Too few observations, subgroups or distinct values for the requested analysis."""


class SpecificationError(AnalyticsError):
    """Specification limits that cannot be used (e.g. USL <= LSL, none given)."""


class StatisticalWarning(UserWarning):
    """A statistical caveat: the result is computed but should be read with care."""


class NonNormalWarning(StatisticalWarning):
    """Data fail a normality test; normal-based capability indices may mislead."""
