"""Third-party apps whose names the admin site shows, named in the reader's language.

Their own names are English literals ("Tasks Database Backend", "Axes"). INSTALLED_APPS lists
these classes; the labels (and so the migrations and tables) stay the apps' own. A module of its
own: in ``core/apps.py`` they would make Django unsure which config is the core's.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class TasksConfig(TasksAppConfig):
    verbose_name = _("Background tasks")  # type: ignore[assignment]  # a lazy str, as Django's


class AxesConfig(AxesAppConfig):  # type: ignore[misc]  # django-axes ships no types
    verbose_name = _("Login protection")
