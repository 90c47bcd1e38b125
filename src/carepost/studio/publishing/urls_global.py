from django.urls import path

from . import oauth_views

urlpatterns = [
    path("oauth/callback/", oauth_views.connect_callback, name="publishing_oauth_callback"),
]
