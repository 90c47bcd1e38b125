from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path

from . import views
from .api import api
from .calendar import views as calendar_views
from .claims import views as claims_views
from .consent import views as consent_views
from .posts import views as post_views
from .reviews import views as review_views
from .workspaces import views as ws_views

# The admin signs in through allauth's login (rate limited, MFA), never its own form.
admin.site.login = login_required(admin.site.login)  # type: ignore[method-assign]

w = "w/<int:ws>/"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("invitations/<str:token>/", ws_views.invitation_accept_view, name="invitation_accept"),
    path("review/<str:token>/", review_views.client_review, name="client_review"),
    path("notifications/read/", review_views.notifications_read, name="notifications_read"),
    path(w, post_views.post_list_view, name="post_list"),
    path(w + "posts/new/", post_views.post_compose, name="post_new"),
    path(w + "posts/<int:pk>/", review_views.post_detail, name="post_detail"),
    path(w + "posts/<int:pk>/edit/", post_views.post_compose, name="post_edit"),
    path(
        w + "posts/<int:pk>/evidence.<str:fmt>",
        review_views.post_evidence_view,
        name="post_evidence",
    ),
    path(w + "posts/<int:pk>/reschedule/", calendar_views.post_reschedule, name="post_reschedule"),
    path(w + "posts/<int:pk>/<str:action>/", review_views.post_action, name="post_action"),
    path(w + "check/", post_views.live_check, name="live_check"),
    path(w + "members/", ws_views.members_view, name="members"),
    path(w + "members/invite/", ws_views.member_invite, name="member_invite"),
    path(w + "members/<int:user_id>/remove/", ws_views.member_remove, name="member_remove"),
    path(w + "settings/", ws_views.settings_view, name="settings"),
    path(w + "crisis/", ws_views.crisis_view, name="crisis"),
    path(w + "audit/", ws_views.audit_view, name="audit"),
    path(w + "outbox/", ws_views.outbox_view, name="outbox"),
    path(w + "review-policy/", review_views.review_policy, name="review_policy"),
    path(w + "audit/export.csv", ws_views.audit_export_view, name="audit_export"),
    path(w + "consents/", consent_views.consent_list_view, name="consent_list"),
    path(w + "consents/new/", consent_views.consent_new, name="consent_new"),
    path(w + "consents/<int:pk>/", consent_views.consent_detail, name="consent_detail"),
    path(
        w + "consents/<int:pk>/document/", consent_views.consent_document, name="consent_document"
    ),
    path(w + "consents/<int:pk>/revoke/", consent_views.consent_revoke_view, name="consent_revoke"),
    path("calendar/", calendar_views.calendar_all, name="calendar_all"),
    path(w + "calendar/", calendar_views.calendar_view, name="calendar"),
    path(w + "calendar.ics", calendar_views.calendar_ics, name="calendar_ics"),
    path(w + "claims/", claims_views.claim_list_view, name="claim_list"),
    path(w + "claims/new/", claims_views.claim_new, name="claim_new"),
    path(w + "claims/<int:pk>/retire/", claims_views.claim_retire_view, name="claim_retire"),
    path(w + "publishing/", include("carepost.studio.publishing.urls")),
    path("publishing/", include("carepost.studio.publishing.urls_global")),
]
