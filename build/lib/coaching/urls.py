"""Routes of coaching, mounted under /coaching/ by config.urls."""

from django.urls import path

from . import views

app_name = "coaching"

urlpatterns = [
    path("", views.index, name="index"),
    path("queue/", views.queue, name="queue"),
    path("threads/<id:thread_id>/", views.thread, name="thread"),
    path("threads/<id:thread_id>/post/", views.post, name="post"),
    path("threads/<id:thread_id>/help/", views.request_help, name="request_help"),
    path(
        "submissions/<id:submission_id>/thread/",
        views.open_submission_thread,
        name="open_submission_thread",
    ),
    path(
        "reflections/<id:reflection_id>/thread/",
        views.open_reflection_thread,
        name="open_reflection_thread",
    ),
]
