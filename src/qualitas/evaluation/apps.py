from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "qualitas.evaluation"
    label = "evaluation"
    verbose_name = _("Capability evaluation")

    def ready(self) -> None:
        # contributions through core.providers (profile, evidence, indicators, credit, search,
        # to-do, deadlines)
        from qualitas.evaluation import notifications, providers, todo  # noqa: F401

        def load_default(sender: AppConfig, **kwargs: object) -> None:
            # The shipped default framework, once, so that a fresh demo can be used at once.
            if sender.label == "evaluation":
                from qualitas.evaluation.services import framework_default_load

                framework_default_load()

        post_migrate.connect(
            load_default, dispatch_uid="qualitas.evaluation.default_framework", weak=False
        )
