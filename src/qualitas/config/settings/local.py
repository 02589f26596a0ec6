"""Development and demo: embedded SQLite, DEBUG when asked."""

from .base import *  # noqa: F403
