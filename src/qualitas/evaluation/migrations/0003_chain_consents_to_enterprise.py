"""Chain consents go to the leading enterprise, not to the user who sent the invitation.

Before, accepting a chain invitation granted ``core.Consent`` (scope ``capability``) to the
inviting user only; now it grants it to the leading enterprise, so that every enterprise user of
the leader sees the supplier's level and dimension scores, and a withdrawal removes it for all of
them. Existing chain consents are converted in place (the same row, so withdrawn ones stay
withdrawn); reversing gives them back to the inviting user.
"""

from django.db import migrations


def to_enterprise(apps, schema_editor):
    ChainInvitation = apps.get_model("evaluation", "ChainInvitation")
    Consent = apps.get_model("core", "Consent")
    for consent_id, leader_id in ChainInvitation.objects.filter(consent__isnull=False).values_list(
        "consent_id", "leader_id"
    ):
        Consent.objects.filter(pk=consent_id, grantee_enterprise__isnull=True).update(
            grantee_enterprise_id=leader_id, grantee_user=None
        )


def to_user(apps, schema_editor):
    ChainInvitation = apps.get_model("evaluation", "ChainInvitation")
    Consent = apps.get_model("core", "Consent")
    for consent_id, user_id in ChainInvitation.objects.filter(consent__isnull=False).values_list(
        "consent_id", "invited_by_id"
    ):
        Consent.objects.filter(pk=consent_id).update(
            grantee_enterprise_id=None, grantee_user_id=user_id
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_consent_grantee_enterprise"),
        ("evaluation", "0002_campaign_nationwide"),
    ]

    operations = [migrations.RunPython(to_enterprise, to_user)]
