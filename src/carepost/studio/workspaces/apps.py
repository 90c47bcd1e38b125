from django.apps import AppConfig


class WorkspacesConfig(AppConfig):
    name = "carepost.studio.workspaces"
    label = "workspaces"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from carepost.studio.audit.targets import register_data_labels, register_target

        from .models import PLATFORMS

        register_data_labels("platform", dict(PLATFORMS))

        register_target("workspaces.organization", lambda o: f"organization '{o.name}'")
        register_target("workspaces.workspace", lambda w: f"workspace '{w.name}'")
        register_target(
            "workspaces.membership",
            lambda m: f"{m.user.email}'s {m.get_role_display().lower()} role",
            related=["user"],
        )
        register_target("workspaces.invitation", lambda i: f"invitation for {i.email}")
