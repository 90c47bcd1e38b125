"""The review models move here from ``posts`` without copying a row.

``posts`` created the tables (posts_reviewstep, posts_approval, ...). This migration takes over
their state as they are, points the content types at this app, then renames each table to
``reviews_<model>`` in place (ALTER TABLE ... RENAME on PostgreSQL and SQLite). ``posts.0005``
drops the models from ``posts``' state only."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ["approval", "clientapprovallink", "comment", "reviewstep", "waiver", "workspacereviewstep"]


def content_types_follow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    taken = set(
        ContentType.objects.using(db)
        .filter(app_label="reviews", model__in=MOVED)
        .values_list("model", flat=True)
    )
    ContentType.objects.using(db).filter(app_label="posts", model__in=MOVED).exclude(
        model__in=taken
    ).update(app_label="reviews")


def content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    ContentType.objects.using(db).filter(app_label="reviews", model__in=MOVED).update(
        app_label="posts"
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("posts", "0004_media_size"),
        ("workspaces", "0003_segregation_of_duties"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="ClientApprovalLink",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("email", models.EmailField(max_length=254)),
                        ("token_hash", models.CharField(max_length=64, unique=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("expires_at", models.DateTimeField()),
                        ("used_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "post",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="client_links",
                                to="posts.post",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "posts_clientapprovallink",
                    },
                ),
                migrations.CreateModel(
                    name="Comment",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("author_label", models.CharField(max_length=254)),
                        ("body", models.TextField()),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "author",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "parent",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="replies",
                                to="reviews.comment",
                            ),
                        ),
                        (
                            "post",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="comments",
                                to="posts.post",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "posts_comment",
                        "ordering": ["created_at", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="ReviewStep",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("marketing", "Marketing approval"),
                                    ("clinical", "Clinical review"),
                                    ("privacy", "Privacy / compliance review"),
                                    ("custom", "Workspace step"),
                                ],
                                max_length=16,
                            ),
                        ),
                        ("name", models.CharField(max_length=120)),
                        (
                            "role",
                            models.CharField(
                                choices=[
                                    ("owner", "Owner / admin"),
                                    ("author", "Author (marketing)"),
                                    ("clinical_reviewer", "Clinical reviewer"),
                                    ("privacy_officer", "Privacy / compliance officer"),
                                    ("analyst", "Analyst (read-only)"),
                                ],
                                max_length=32,
                            ),
                        ),
                        (
                            "mode",
                            models.CharField(
                                choices=[
                                    ("any", "Any one member of the role"),
                                    ("all", "Every member of the role"),
                                ],
                                default="any",
                                max_length=8,
                            ),
                        ),
                        ("reason", models.CharField(blank=True, default="", max_length=300)),
                        ("position", models.PositiveIntegerField(default=0)),
                        (
                            "post",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="review_steps",
                                to="posts.post",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "posts_reviewstep",
                        "ordering": ["position", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="Approval",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "decision",
                            models.CharField(
                                choices=[
                                    ("approve", "Approved"),
                                    ("request_changes", "Changes requested"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("actor_label", models.CharField(max_length=254)),
                        ("content_hash", models.CharField(max_length=64)),
                        ("note", models.TextField(blank=True, default="")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("reset_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "post",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="approvals",
                                to="posts.post",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "step",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="approvals",
                                to="reviews.reviewstep",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "posts_approval",
                        "ordering": ["created_at", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="Waiver",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("code", models.CharField(max_length=16)),
                        ("matches", models.JSONField(blank=True, default=list)),
                        ("reason", models.TextField()),
                        ("actor_label", models.CharField(max_length=254)),
                        ("content_hash", models.CharField(max_length=64)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "post",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="waivers",
                                to="posts.post",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "posts_waiver",
                        "ordering": ["created_at", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="WorkspaceReviewStep",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=120)),
                        (
                            "role",
                            models.CharField(
                                choices=[
                                    ("owner", "Owner / admin"),
                                    ("author", "Author (marketing)"),
                                    ("clinical_reviewer", "Clinical reviewer"),
                                    ("privacy_officer", "Privacy / compliance officer"),
                                    ("analyst", "Analyst (read-only)"),
                                ],
                                max_length=32,
                            ),
                        ),
                        (
                            "mode",
                            models.CharField(
                                choices=[
                                    ("any", "Any one member of the role"),
                                    ("all", "Every member of the role"),
                                ],
                                default="any",
                                max_length=8,
                            ),
                        ),
                        ("position", models.PositiveIntegerField(default=0)),
                        (
                            "workspace",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="review_steps",
                                to="workspaces.workspace",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "posts_workspacereviewstep",
                    },
                ),
            ],
        ),
        migrations.RunPython(content_types_follow, content_types_back),
        migrations.AlterModelTable(name="ReviewStep", table=None),
        migrations.AlterModelTable(name="Approval", table=None),
        migrations.AlterModelTable(name="Waiver", table=None),
        migrations.AlterModelTable(name="Comment", table=None),
        migrations.AlterModelTable(name="ClientApprovalLink", table=None),
        migrations.AlterModelTable(name="WorkspaceReviewStep", table=None),
    ]
