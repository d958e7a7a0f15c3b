from django.urls import path

from immunoprep.guides import after_views, calendar_views, editor_views, guide_views, printout_views, step_views

app_name = "guides"
urlpatterns = [
    path("start/", step_views.start, name="start"),
    path("start/review/", step_views.review, name="review"),
    path("start/count/", step_views.live_count, name="count"),
    path("start/drugs/", step_views.drug_search, name="drug_search"),
    path("start/<slug:slug>/", step_views.step, name="step"),
    path("g/<str:token>/", editor_views.edit, name="edit"),
    path("g/<str:token>/q/<int:question_id>/", editor_views.question_action, name="question"),
    path("g/<str:token>/q/add/", editor_views.question_add, name="question_add"),
    path("g/<str:token>/note/", editor_views.guide_note, name="note"),
    path("g/<str:token>/visit/", editor_views.visit, name="visit"),
    path("g/<str:token>/visit.ics", calendar_views.edit_visit_ics, name="visit_ics"),
    path("g/<str:token>/share/stop/", editor_views.share_stop, name="share_stop"),
    path("g/<str:token>/remember/", editor_views.remember, name="remember"),
    path("g/<str:token>/delete/", editor_views.guide_delete, name="delete"),
    path("g/<str:token>/guide.pdf", printout_views.edit_pdf, name="edit_pdf"),
    path("g/<str:token>/after/", after_views.after, name="after"),
    path("g/<str:token>/after.pdf", printout_views.edit_after_pdf, name="after_pdf"),
    path("s/<str:token>/", guide_views.share, name="share"),
    path("s/<str:token>/guide.pdf", printout_views.share_pdf, name="share_pdf"),
    path("s/<str:token>/after/", after_views.share_after, name="share_after"),
    path("s/<str:token>/after.pdf", printout_views.share_after_pdf, name="share_after_pdf"),
    path("s/<str:token>/visit.ics", calendar_views.share_visit_ics, name="share_visit_ics"),
]
