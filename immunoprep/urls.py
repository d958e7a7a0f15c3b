from django.contrib import admin
from django.urls import include, path

from immunoprep import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("", include("immunoprep.guides.urls")),
    path("", include("immunoprep.clinics.urls")),
    path("admin/", admin.site.urls),
]
