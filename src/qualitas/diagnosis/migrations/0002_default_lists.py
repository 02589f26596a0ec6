"""Platform defaults of the out-of-control action plan lists (5M1E causes, common actions)."""

from django.db import migrations

CAUSES = [
    ("MAN", "人员（操作失误、培训不足）", "Man (operator error, training)"),
    ("MACHINE", "设备（磨损、故障、参数漂移）", "Machine (wear, breakdown, drift)"),
    ("MATERIAL", "材料（批次差异、来料不合格）", "Material (lot variation, nonconforming supply)"),
    ("METHOD", "方法（工艺参数、作业指导书）", "Method (process settings, work instruction)"),
    ("MEASUREMENT", "测量（量具、校准、测量方法）", "Measurement (gauge, calibration, method)"),
    ("ENVIRONMENT", "环境（温度、湿度、振动）", "Environment (temperature, humidity, vibration)"),
    ("UNKNOWN", "原因待查", "Cause not yet found"),
]
ACTIONS = [
    ("ADJUST", "调整工艺参数", "Adjust process settings"),
    ("REPAIR", "设备维修或更换刀具", "Repair equipment or change tool"),
    ("RECALIBRATE", "量具重新校准", "Recalibrate the gauge"),
    ("QUARANTINE", "隔离可疑产品并全检", "Quarantine suspect product and inspect 100 %"),
    ("RETRAIN", "人员再培训", "Retrain the operator"),
    ("SUPPLIER", "通知供应商并加严来料检验", "Notify the supplier and tighten incoming inspection"),
    ("NONE", "无需措施（已确认为正常波动）", "No action (confirmed common-cause variation)"),
]


def load(apps, schema_editor):
    cause = apps.get_model("diagnosis", "AssignableCause")
    action = apps.get_model("diagnosis", "CorrectiveAction")
    for code, zh, en in CAUSES:
        cause.objects.get_or_create(enterprise=None, code=code, defaults={"name_zh": zh, "name_en": en})
    for code, zh, en in ACTIONS:
        action.objects.get_or_create(enterprise=None, code=code, defaults={"name_zh": zh, "name_en": en})


class Migration(migrations.Migration):
    dependencies = [("diagnosis", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
