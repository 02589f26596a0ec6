"""The penalty fact counts once: framework qmc 1.0's gating rule ``published_penalty`` names its
requirement D4.06.L1 ("no administrative penalty for product quality in the last three years").

The scoring engine then leaves that requirement out of the level scores and lets an answer other
than "fully met" trigger the rule (cap L2) instead of dropping the level to 0 as an unmet L1
requirement (issue 11, item 4). Stored assessments and results are not rescored; reversing
removes the link.
"""

from django.db import migrations

KIND, REQUIREMENT = "published_penalty", "D4.06.L1"


def _set(apps, requirement):
    Framework = apps.get_model("evaluation", "Framework")
    Requirement = apps.get_model("evaluation", "Requirement")
    for fw in Framework.objects.filter(code="qmc", version="1.0"):
        if not Requirement.objects.filter(framework=fw, code=REQUIREMENT).exists():
            continue
        spec = dict(fw.spec or {})
        rules = [dict(g) for g in spec.get("gating", [])]
        for g in rules:
            if g.get("kind") == KIND:
                if requirement:
                    g["requirement"] = requirement
                else:
                    g.pop("requirement", None)
        spec["gating"] = rules
        Framework.objects.filter(pk=fw.pk).update(spec=spec)


def link(apps, schema_editor):
    _set(apps, REQUIREMENT)


def unlink(apps, schema_editor):
    _set(apps, None)


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0003_chain_consents_to_enterprise")]

    operations = [migrations.RunPython(link, unlink)]
