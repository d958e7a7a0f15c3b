from django.urls import path

from immunoprep.clinics import views

app_name = "clinics"
urlpatterns = [
    path("c/<slug:slug>/", views.welcome, name="welcome"),
    path("c/<slug:slug>/logo", views.logo, name="logo"),
    path("c/<slug:slug>/handout/", views.handout, name="handout"),
    path("c/<slug:slug>/handout.pdf", views.handout_pdf, {"kind": "handout"}, name="handout_pdf"),
    path("c/<slug:slug>/poster.pdf", views.handout_pdf, {"kind": "poster"}, name="poster_pdf"),
]
