from django.contrib.auth import views as auth_views
from django.urls import path

from qualitas.core import account, views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="core/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", views.healthz, name="healthz"),
    path("account/tokens/", account.tokens, name="account_tokens"),
    path(
        "account/tokens/<int:token_pk>/revoke/",
        account.token_revoke_view,
        name="account_token_revoke",
    ),
    path("account/partner-reads/", account.partner_reads, name="account_partner_reads"),
    path("account/notifications/", account.notifications, name="account_notifications"),
    path(
        "account/notifications/<int:notification_pk>/",
        account.notification_go,
        name="account_notification",
    ),
    path("account/password/", account.password_change, name="password_change"),
    path("account/password/done/", account.password_change_done, name="password_change_done"),
    path("account/password/reset/", account.password_reset, name="password_reset"),
    path("account/password/reset/sent/", account.password_reset_done, name="password_reset_done"),
    path(
        "account/password/reset/<uidb64>/<token>/",
        account.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "account/password/reset/done/",
        account.password_reset_complete,
        name="password_reset_complete",
    ),
]
