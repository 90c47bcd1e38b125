from django.core.management.base import BaseCommand

from carepost.studio.demo.seed import seed_demo


class Command(BaseCommand):
    help = "Create the demo organization, workspaces, members and posts (idempotent)."

    def handle(self, *args, **options):
        summary = seed_demo()
        self.stdout.write(self.style.SUCCESS(summary))
