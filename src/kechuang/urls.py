"""URL map: each app mounts its own pages; the admin, login and API sit at the root."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from kechuang.api import api
from kechuang.common import health
from kechuang.home import views as home_views
from kechuang.tenancy import login as tenancy_login

admin.site.site_header = "科创 · 规划监测评估平台 管理后台"
admin.site.site_title = "科创管理后台"
admin.site.index_title = "数据管理"
admin.site.login_form = tenancy_login.ThrottledAdminAuthenticationForm  # one throttle for both logins

# A lock failure outside any view (e.g. saving the session on the way out) is still "try again".
handler500 = "kechuang.common.busy.server_error"
handler400 = "kechuang.common.errors.bad_request"  # a form too large says so, in Chinese

urlpatterns = [
    path("", home_views.home, name="home"),
    path("monitor/areas/<int:pk>/", home_views.area, name="area"),  # registry data: lives in home
    path("healthz", health.healthz, name="healthz"),  # for monitoring: no login, nothing secret
    path("login/", tenancy_login.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/reset/", tenancy_login.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="registration/password_reset_sent.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(template_name="registration/password_reset_confirm.html"),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/password_reset_finished.html"
        ),
        name="password_reset_complete",
    ),
    path("plans/", include("kechuang.plans.urls")),
    path("observations/", include("kechuang.observations.urls")),
    path("registry/", include("kechuang.registry.urls")),
    path("", include("kechuang.tenancy.urls")),  # the audit trail at /audit/
    path("collection/", include("kechuang.collection.urls")),
    path("evaluation/", include("kechuang.evaluation.urls")),
    path("notifications/", include("kechuang.notifications.urls")),
    path("public/", include("kechuang.public.urls")),  # the public site (reports serves its plan report)
    path("", include("kechuang.reports.urls")),  # /reports/ and a published plan's public report
    path("", include("kechuang.observations.monitor_urls")),  # monitoring pages
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
