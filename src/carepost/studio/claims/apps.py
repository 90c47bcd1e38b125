from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "carepost.studio.claims"
    label = "claims"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from carepost.studio.audit.targets import register_target

        register_target("claims.claim", lambda c: f"claim K-{c.pk}")
