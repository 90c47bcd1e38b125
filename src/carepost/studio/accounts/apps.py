from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "carepost.studio.accounts"
    label = "studio_accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .cache import create_cache_tables

        # `migrate` (and the test database set-up) creates the database cache's table, so the
        # login limiter's counters are shared by every worker and survive restarts.
        post_migrate.connect(create_cache_tables, sender=self, dispatch_uid="carepost-cache")
