"""Routes of forums, mounted under /forums/ by config.urls."""

from django.urls import path

from . import views

app_name = "forums"

urlpatterns = [
    path("", views.index, name="index"),
    path("<id:forum_id>/", views.forum, name="forum"),
    path("<id:forum_id>/topics/new/", views.new_topic, name="new_topic"),
    path("<id:forum_id>/follow/", views.follow_forum, name="follow_forum"),
    path("topics/<id:topic_id>/", views.topic, name="topic"),
    path("topics/<id:topic_id>/reply/", views.reply, name="reply"),
    path("topics/<id:topic_id>/follow/", views.follow_topic, name="follow_topic"),
    path("topics/<id:topic_id>/moderate/", views.moderate_topic, name="moderate_topic"),
    path("posts/<id:post_id>/edit/", views.edit_post, name="edit_post"),
    path("posts/<id:post_id>/delete/", views.delete_post, name="delete_post"),
    path("posts/<id:post_id>/accept/", views.accept_post, name="accept_post"),
    path("posts/<id:post_id>/helpful/", views.helpful, name="helpful"),
    path("posts/<id:post_id>/report/", views.report_post, name="report_post"),
    path("posts/<id:post_id>/moderate/", views.moderate_post, name="moderate_post"),
    path("moderation/", views.moderation_queue, name="moderation_queue"),
    path("reports/<id:report_id>/resolve/", views.resolve_report, name="resolve_report"),
    path("search/", views.search, name="search"),
    path("settings/", views.digest_settings, name="settings"),
    path("share/", views.share, name="share"),
]
