from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "carepost.studio.demo"
    label = "demo"
    verbose_name = "Demo data"
