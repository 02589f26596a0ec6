from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "qualitas.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        # contributions through core.providers (profile, evidence, indicators, credit, search, to-do)
        from qualitas.registry import providers, todo  # noqa: F401
        from qualitas.registry.codelists import codelists_sync

        def sync(sender: AppConfig, **kwargs: object) -> None:
            if sender.label == "registry":
                codelists_sync()

        post_migrate.connect(sync, dispatch_uid="qualitas.registry.codelists", weak=False)
