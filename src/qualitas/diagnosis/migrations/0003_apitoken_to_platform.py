# Gateway tokens become platform tokens (core.ApiToken, scope diagnosis:write), moved in place:
# the same SHA-256, prefix, name, times and enterprise, so every token already handed to a
# gateway keeps working. The owner is the user who made it; when that user is gone, the first
# enterprise user of the token's enterprise, else the first administrator. Reversible.

from django.conf import settings
from django.db import migrations

SCOPE = "diagnosis:write"


def _owner(apps, token):
    if token.created_by_id is not None:
        return token.created_by_id
    Profile = apps.get_model("core", "Profile")
    member = (
        Profile.objects.filter(role="enterprise", enterprise_id=token.enterprise_id)
        .order_by("pk")
        .values_list("user_id", flat=True)
        .first()
    )
    if member is not None:
        return member
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    return User.objects.filter(is_superuser=True).order_by("pk").values_list("pk", flat=True).first()


def forward(apps, schema_editor):
    Old = apps.get_model("diagnosis", "ApiToken")
    New = apps.get_model("core", "ApiToken")
    for token in Old.objects.order_by("pk"):
        owner = _owner(apps, token)
        if owner is None:  # a database without any user: nobody could have made or used it
            continue
        New.objects.create(
            user_id=owner,
            enterprise_id=token.enterprise_id,
            name=token.name,
            prefix=token.prefix,
            hash=token.hash,
            scopes=[SCOPE],
            created_by_id=token.created_by_id,
            created_at=token.created_at,
            last_used_at=token.last_used_at,
            revoked_at=token.revoked_at,
        )


def backward(apps, schema_editor):
    Old = apps.get_model("diagnosis", "ApiToken")
    New = apps.get_model("core", "ApiToken")
    for token in New.objects.filter(enterprise__isnull=False).order_by("pk"):
        if SCOPE not in (token.scopes or []):
            continue
        old = Old.objects.create(
            enterprise_id=token.enterprise_id,
            name=token.name,
            prefix=token.prefix[:12],
            hash=token.hash,
            created_by_id=token.created_by_id,
            last_used_at=token.last_used_at,
            revoked_at=token.revoked_at,
        )
        Old.objects.filter(pk=old.pk).update(created_at=token.created_at)
        token.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("diagnosis", "0002_default_lists"),
        ("core", "0005_apitoken"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.DeleteModel(name="ApiToken"),
    ]
