from django.urls import path

from immunoprep.guides import guide_views, step_views
from immunoprep.printing import views as printing_views

app_name = "guides"
urlpatterns = [
    path("start/", step_views.start, name="start"),
    path("start/review/", step_views.review, name="review"),
    path("start/<slug:slug>/", step_views.step, name="step"),
    path("g/<str:token>/", guide_views.edit, name="edit"),
    path("g/<str:token>/guide.pdf", printing_views.edit_pdf, name="edit_pdf"),
    path("s/<str:token>/", guide_views.share, name="share"),
    path("s/<str:token>/guide.pdf", printing_views.share_pdf, name="share_pdf"),
]
