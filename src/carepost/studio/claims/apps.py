from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "carepost.studio.claims"
    label = "claims"
    default_auto_field = "django.db.models.BigAutoField"
