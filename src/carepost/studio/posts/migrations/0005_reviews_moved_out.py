"""ReviewStep, Approval, Waiver, Comment, ClientApprovalLink and WorkspaceReviewStep moved to
the ``reviews`` app (``reviews.0001`` took over their tables): drop them from this app's state
only; no table is touched here."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0004_media_size"),
        ("reviews", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name="clientapprovallink",
                    name="created_by",
                ),
                migrations.RemoveField(
                    model_name="clientapprovallink",
                    name="post",
                ),
                migrations.RemoveField(
                    model_name="comment",
                    name="author",
                ),
                migrations.RemoveField(
                    model_name="comment",
                    name="parent",
                ),
                migrations.RemoveField(
                    model_name="comment",
                    name="post",
                ),
                migrations.RemoveField(
                    model_name="reviewstep",
                    name="post",
                ),
                migrations.RemoveField(
                    model_name="waiver",
                    name="post",
                ),
                migrations.RemoveField(
                    model_name="waiver",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="workspacereviewstep",
                    name="workspace",
                ),
                migrations.DeleteModel(
                    name="Approval",
                ),
                migrations.DeleteModel(
                    name="ClientApprovalLink",
                ),
                migrations.DeleteModel(
                    name="Comment",
                ),
                migrations.DeleteModel(
                    name="ReviewStep",
                ),
                migrations.DeleteModel(
                    name="Waiver",
                ),
                migrations.DeleteModel(
                    name="WorkspaceReviewStep",
                ),
            ],
        ),
    ]
