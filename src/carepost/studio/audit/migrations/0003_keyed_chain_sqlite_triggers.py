"""The chain's HMAC key id per event, and append-only triggers on SQLite (PostgreSQL has had
them since 0002)."""

from django.db import migrations, models

from carepost.studio.audit.triggers import SQLITE_CREATE, SQLITE_DROP


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_CREATE:
            schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_DROP:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]
    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(blank=True, max_length=16, null=True),
        ),
        migrations.RunPython(forwards, backwards),
    ]
