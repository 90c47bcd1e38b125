from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "carepost.studio.posts"
    label = "posts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from carepost.studio.audit.events import register_event
        from carepost.studio.audit.targets import register_target

        from . import receivers  # noqa: F401  (connects the signal receivers)

        for name, label in [
            ("post.create", "Post created"),
            ("post.update", "Post edited"),
            ("post.check", "Post checked"),
            ("post.media.add", "Media attached"),
            ("post.media.remove", "Media removed"),
            ("post.schedule", "Post scheduled"),
            ("post.unschedule", "Post unscheduled"),
            ("post.publish", "Post published"),
            ("post.publish.fail", "Publishing failed"),
            ("post.archive", "Post archived"),
            ("post.takedown.flag", "Published post listed for takedown"),
            ("post.publish.retry", "Publishing retried"),
            ("post.flag", "Post flagged for another look"),
        ]:
            register_event(name, label)
        register_target("posts.post", lambda p: f"post '{p.title}'")
