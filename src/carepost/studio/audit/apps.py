from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "carepost.studio.audit"
    label = "audit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import signals  # noqa: F401
        from .triggers import install_sqlite_triggers

        post_migrate.connect(
            install_sqlite_triggers, sender=self, dispatch_uid="carepost-audit-triggers"
        )
