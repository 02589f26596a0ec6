from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "qualitas.core"
    label = "core"
    verbose_name = _("Platform core")
    default = True  # the app config of qualitas.core (the module holds only this one)

    def ready(self) -> None:
        # the core's own items on the home page's to-do list (core.providers)
        from django.contrib.auth.signals import user_logged_in

        from qualitas.core import todo  # noqa: F401
        from qualitas.core.notifications import on_login

        # deadlines the apps report become notifications when the user logs in
        user_logged_in.connect(on_login, dispatch_uid="qualitas.core.notifications.on_login")
