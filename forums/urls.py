"""Routes of forums, mounted under /forums/ by config.urls."""

from django.urls import path

from . import views

app_name = "forums"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:forum_id>/", views.forum, name="forum"),
    path("<int:forum_id>/topics/new/", views.new_topic, name="new_topic"),
    path("<int:forum_id>/follow/", views.follow_forum, name="follow_forum"),
    path("topics/<int:topic_id>/", views.topic, name="topic"),
    path("topics/<int:topic_id>/reply/", views.reply, name="reply"),
    path("topics/<int:topic_id>/follow/", views.follow_topic, name="follow_topic"),
    path("topics/<int:topic_id>/moderate/", views.moderate_topic, name="moderate_topic"),
    path("posts/<int:post_id>/edit/", views.edit_post, name="edit_post"),
    path("posts/<int:post_id>/delete/", views.delete_post, name="delete_post"),
    path("posts/<int:post_id>/accept/", views.accept_post, name="accept_post"),
    path("posts/<int:post_id>/helpful/", views.helpful, name="helpful"),
    path("posts/<int:post_id>/report/", views.report_post, name="report_post"),
    path("posts/<int:post_id>/moderate/", views.moderate_post, name="moderate_post"),
    path("moderation/", views.moderation_queue, name="moderation_queue"),
    path("reports/<int:report_id>/resolve/", views.resolve_report, name="resolve_report"),
    path("search/", views.search, name="search"),
    path("settings/", views.digest_settings, name="settings"),
    path("share/", views.share, name="share"),
]
