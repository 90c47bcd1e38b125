from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "carepost.studio.consent"
    label = "consent"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from carepost.studio.audit.targets import register_target

        # the reference (C-12), never the person's name: the audit trail carries no PHI
        register_target("consent.consent", lambda c: f"consent {c.reference}")
