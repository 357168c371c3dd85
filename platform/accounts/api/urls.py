from django.urls import path

from accounts.api import views

urlpatterns = [
    path("auth/csrf/", views.CsrfView.as_view(), name="auth-csrf"),
    path("auth/session/", views.SessionView.as_view(), name="auth-session"),
    path("auth/login/", views.LoginView.as_view(), name="auth-login"),
    path("auth/logout/", views.LogoutView.as_view(), name="auth-logout"),
    path("auth/language/", views.LanguageView.as_view(), name="auth-language"),
    path("auth/invitations/accept/", views.InvitationAcceptView.as_view(), name="auth-invitation-accept"),
    path("auth/invitations/<str:token>/", views.InvitationDetailView.as_view(), name="auth-invitation"),
    path("staff/", views.StaffListView.as_view(), name="staff-list"),
    path("staff/<int:pk>/", views.StaffDetailView.as_view(), name="staff-detail"),
    path(
        "staff/<int:pk>/deactivate/",
        views.StaffActiveView.as_view(active=False),
        name="staff-deactivate",
    ),
    path("staff/<int:pk>/activate/", views.StaffActiveView.as_view(active=True), name="staff-activate"),
    path("staff/invitations/", views.InvitationCreateView.as_view(), name="staff-invite"),
]
