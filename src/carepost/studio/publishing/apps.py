from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "carepost.studio.publishing"
    label = "publishing"
    verbose_name = "Publishing and scheduling"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from carepost.studio.audit.events import register_event
        from carepost.studio.audit.targets import register_target

        from . import receivers  # noqa: F401  (connects the signal receivers)

        for name, label in [
            ("publishing.account.connect", "Account connected"),
            ("publishing.account.reconnect_needed", "Account needs reconnecting"),
            ("publishing.account.disconnect", "Account disconnected"),
            ("publishing.account.token_renew", "Account token renewed"),
            ("publishing.job.create", "Due: waiting to be posted by hand"),
            ("publishing.job.published", "Published to a platform"),
            ("publishing.job.fail", "Publish job failed"),
            ("publishing.job.pause", "Publish job paused (crisis mode)"),
            ("publishing.job.hold", "Publish job held for the owner"),
            ("publishing.job.stop", "Publish job stopped by a publish-time rule"),
            ("publishing.job.retry", "Publish job retried"),
            ("publishing.job.reschedule", "Publish job moved with its post"),
            ("publishing.job.needs_confirmation", "Publish job needs a person to confirm"),
            ("publishing.job.confirm", "A person confirmed whether a post is live"),
            ("publishing.choice.set", "Publishing choice made (audience, switches)"),
            ("publishing.job.manual_posted", "Marked as posted by hand"),
            ("publishing.keys.rotate", "Token encryption keys rotated"),
        ]:
            register_event(name, label)
        register_target(
            "publishing.publishjob",
            lambda j: f"{j.get_platform_display()} job for post '{j.post.title}'",
            related=["post"],
        )
        register_target(
            "publishing.connectedaccount",
            lambda a: f"{a.get_platform_display()} account {a.display_name or a.external_id}",
        )
        register_target(
            "publishing.publishchoice",
            lambda c: f"{c.get_platform_display()} choice for post '{c.post.title}'",
            related=["post"],
        )
