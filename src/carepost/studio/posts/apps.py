from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "carepost.studio.posts"
    label = "posts"
    default_auto_field = "django.db.models.BigAutoField"
