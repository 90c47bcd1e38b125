"""Who may act on a review step is a capability, not a role name: ``cap`` replaces ``role`` on
each post's steps and on the workspace's own steps (author → review_marketing, clinical
reviewer → review_clinical, privacy officer → review_privacy, owner → sign_off)."""

from django.db import migrations, models

CAP_OF_ROLE = {
    "author": "review_marketing",
    "clinical_reviewer": "review_clinical",
    "privacy_officer": "review_privacy",
    "owner": "sign_off",
    "analyst": "review_marketing",  # analysts never reviewed; the marketing approvers do
}
CAP_OF_KIND = {"marketing": "review_marketing", "clinical": "review_clinical", "privacy": "review_privacy"}
ROLE_OF_CAP = {
    "review_marketing": "author",
    "review_clinical": "clinical_reviewer",
    "review_privacy": "privacy_officer",
    "sign_off": "owner",
}
CHOICES = [
    ("review_marketing", "Marketing approvers"),
    ("review_clinical", "Clinical reviewers"),
    ("review_privacy", "Privacy / compliance officers"),
    ("sign_off", "Owners"),
]


def caps_from_roles(apps, schema_editor):
    for name in ("ReviewStep", "WorkspaceReviewStep"):
        model = apps.get_model("reviews", name)
        for row in model.objects.all():
            kind_cap = CAP_OF_KIND.get(getattr(row, "kind", "custom"))
            row.cap = kind_cap or CAP_OF_ROLE.get(row.role, "review_marketing")
            row.save(update_fields=["cap"])


def roles_from_caps(apps, schema_editor):
    for name in ("ReviewStep", "WorkspaceReviewStep"):
        model = apps.get_model("reviews", name)
        for row in model.objects.all():
            row.role = ROLE_OF_CAP.get(row.cap, "author")
            row.save(update_fields=["role"])


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="reviewstep",
            name="cap",
            field=models.CharField(choices=CHOICES, default="review_marketing", max_length=32),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="workspacereviewstep",
            name="cap",
            field=models.CharField(choices=CHOICES, default="review_marketing", max_length=32),
            preserve_default=False,
        ),
        migrations.RunPython(caps_from_roles, roles_from_caps),
        migrations.RemoveField(model_name="reviewstep", name="role"),
        migrations.RemoveField(model_name="workspacereviewstep", name="role"),
        migrations.AlterField(
            model_name="reviewstep",
            name="mode",
            field=models.CharField(
                choices=[("any", "Any one of them"), ("all", "Every one of them")],
                default="any",
                max_length=8,
            ),
        ),
        migrations.AlterField(
            model_name="workspacereviewstep",
            name="mode",
            field=models.CharField(
                choices=[("any", "Any one of them"), ("all", "Every one of them")],
                default="any",
                max_length=8,
            ),
        ),
    ]
