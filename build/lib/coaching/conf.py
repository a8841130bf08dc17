"""The coaching app's settings (see :mod:`lms.conf`; the reference is docs/settings.md)."""

from lms.conf import AppSettings, Setting

conf = AppSettings(
    "coaching",
    Setting(
        "LAUNCH_COACHING_NOTIFY_WINDOW_SECONDS",
        600,
        "Seconds unread feedback messages wait to be batched into one email.",
        old_name="COACHING_NOTIFY_WINDOW_SECONDS",
    ),
)
