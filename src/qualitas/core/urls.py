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
]
