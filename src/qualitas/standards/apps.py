from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    name = "qualitas.standards"
    label = "standards"
    verbose_name = _("Standards and grading")

    def ready(self) -> None:
        # contributions through core.providers (profile, evidence, indicator, credit, search)
        from qualitas.standards import providers  # noqa: F401
