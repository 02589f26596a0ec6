"""Pure statistical computation for Qualitas.

numpy, scipy, pandas and statsmodels only: this package never imports Django
(an import-linter contract in ``pyproject.toml``), never prints, plots, reads
files or settings. Results are frozen, keyword-only dataclasses; invalid input
raises :class:`~qualitas.analytics.errors.AnalyticsError` subclasses and
statistical caveats are issued as
:class:`~qualitas.analytics.errors.StatisticalWarning`.
"""
