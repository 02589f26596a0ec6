"""The diagnosis app's items on a user's to-do list (``core.providers.todo_provider``), shown on the
home page. Registered from ``AppConfig.ready()``."""

from __future__ import annotations
