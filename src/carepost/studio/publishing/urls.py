from django.urls import path

from . import oauth_views, views

urlpatterns = [
    path("", views.queue_view, name="publishing_queue"),
    path("posts/<int:pk>/", views.post_publishing_view, name="publishing_post"),
    path("jobs/<int:pk>/", views.job_view, name="publishing_job"),
    path("jobs/<int:pk>/retry/", views.job_retry_view, name="publishing_job_retry"),
    path("jobs/<int:pk>/posted/", views.manual_posted_view, name="publishing_manual_posted"),
    path("jobs/<int:pk>/confirm/", views.job_confirm_view, name="publishing_job_confirm"),
    path("posts/<int:pk>/tiktok/", views.tiktok_choice_view, name="publishing_tiktok_choice"),
    path("connect/<str:platform>/", oauth_views.connect_start, name="publishing_connect"),
    path("jobs/<int:pk>/package.zip", views.manual_package_view, name="publishing_manual_package"),
]
