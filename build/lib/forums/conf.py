"""The forums app's settings (see :mod:`lms.conf`; the reference is docs/settings.md)."""

from lms.conf import AppSettings, Setting

conf = AppSettings(
    "forums",
    Setting(
        "LAUNCH_FORUMS_TOPICS_PER_PAGE",
        25,
        "Topics on one page of a forum.",
        old_name="FORUMS_TOPICS_PER_PAGE",
    ),
    Setting(
        "LAUNCH_FORUMS_POSTS_PER_PAGE",
        20,
        "Posts on one page of a topic.",
        old_name="FORUMS_POSTS_PER_PAGE",
    ),
    Setting(
        "LAUNCH_FORUMS_EDIT_WINDOW_MINUTES",
        30,
        "Minutes during which authors may edit their post.",
        old_name="FORUMS_EDIT_WINDOW_MINUTES",
    ),
)
