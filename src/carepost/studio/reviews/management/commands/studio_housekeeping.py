from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Enqueue review reminders and the consent and claim expiry sweeps"

    def handle(self, *args, **options):
        from carepost.studio.reviews.tasks import housekeeping_enqueue

        housekeeping_enqueue()
        self.stdout.write("housekeeping tasks enqueued")
