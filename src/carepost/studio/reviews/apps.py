from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "carepost.studio.reviews"
    label = "reviews"
    verbose_name = "Reviews and approvals"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from carepost.studio.audit.events import register_event

        from . import receivers  # noqa: F401  (connects the signal receivers)

        for name, label in [
            ("post.submit", "Post submitted for review"),
            ("post.review.approve", "Review step approved"),
            ("post.review.request_changes", "Changes requested"),
            ("post.review.complete", "Every review step approved"),
            ("post.review.reset", "Approvals reset by an edit"),
            ("post.review.reopen", "Post sent back to review"),
            ("post.review.remind", "Review reminder sent"),
            ("post.review.client_link", "Client approval link issued"),
            ("post.waiver.record", "Finding waived"),
            ("post.comment.add", "Comment added"),
            ("post.evidence.export", "Evidence exported"),
        ]:
            register_event(name, label)
