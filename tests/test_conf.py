"""Issue #15: every plugin setting is a LAUNCH_ setting declared once in its app's conf.py,
old names still work for one release with a deprecation warning, docs/settings.md lists them
all, and system checks say what a host must set."""

import re
import warnings
from pathlib import Path

import pytest
from django.core.checks.registry import registry
from django.core.exceptions import ImproperlyConfigured

import lms.conf
from coaching.services import notify_window_seconds
from evidence.uploads import max_file_bytes, private_storage
from forums.selectors import posts_per_page
from lms.backup import backup_dir
from lms.conf import Setting, declared, reference_markdown
from lms.outbox import max_attempts

ROOT = Path(__file__).resolve().parent.parent
PLUGIN_APPS = ("lms", "evidence", "coaching", "forums")
ALL = [s for app in declared() for s in app]
RENAMED = [s for s in ALL if s.old_name]


@pytest.fixture(autouse=True)
def warn_again():
    """Each test sees the once-per-name deprecation warning afresh."""
    lms.conf._warned.clear()
    yield
    lms.conf._warned.clear()


def _unset(settings, *names):
    for name in names:
        if hasattr(settings, name):
            delattr(settings, name)


def test_every_plugin_app_declares_its_settings_with_the_prefix():
    assert [app.app for app in declared()] == list(PLUGIN_APPS)
    assert all(s.name.startswith("LAUNCH_") and s.doc for s in ALL)
    assert len({s.name for s in ALL}) == len(ALL)
    with pytest.raises(ValueError, match="LAUNCH_"):
        Setting("EVIDENCE_SOMETHING", 1, "not prefixed")


def test_the_new_name_is_read(settings):
    settings.LAUNCH_OUTBOX_MAX_ATTEMPTS = 7
    settings.LAUNCH_FORUMS_POSTS_PER_PAGE = 3
    settings.LAUNCH_EVIDENCE_MAX_FILE_BYTES = 1024
    settings.LAUNCH_COACHING_NOTIFY_WINDOW_SECONDS = 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert (max_attempts(), posts_per_page(), max_file_bytes()) == (7, 3, 1024)
        assert notify_window_seconds() == 0


def test_an_old_name_still_works_with_one_deprecation_warning(settings):
    _unset(settings, "LAUNCH_FORUMS_POSTS_PER_PAGE")
    settings.FORUMS_POSTS_PER_PAGE = 4
    with pytest.warns(DeprecationWarning, match="rename it LAUNCH_FORUMS_POSTS_PER_PAGE"):
        assert posts_per_page() == 4
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert posts_per_page() == 4  # warned once per name


def test_the_new_name_wins_over_the_old_one(settings):
    settings.LAUNCH_OUTBOX_MAX_ATTEMPTS = 9
    settings.OUTBOX_MAX_ATTEMPTS = 2
    assert max_attempts() == 9


def test_the_default_applies_when_neither_name_is_set(settings):
    _unset(settings, "LAUNCH_OUTBOX_MAX_ATTEMPTS", "OUTBOX_MAX_ATTEMPTS")
    assert max_attempts() == 5


@pytest.mark.parametrize("setting", ALL, ids=lambda s: s.name)
def test_each_setting_new_old_and_default(settings, setting):
    app = next(a for a in declared() if setting in list(a))
    _unset(settings, setting.name, *([setting.old_name] if setting.old_name else []))
    settings.MEDIA_ROOT = "/srv/site/media"
    default = getattr(app, setting.name)
    if not callable(setting.default):
        assert default == setting.default
    setattr(settings, setting.name, "new")
    assert getattr(app, setting.name) == "new"
    if setting.old_name:
        _unset(settings, setting.name)
        setattr(settings, setting.old_name, "old")
        with pytest.warns(DeprecationWarning, match=setting.name):
            assert getattr(app, setting.name) == "old"


def test_folders_default_beside_media_root_never_on_base_dir(settings, tmp_path):
    _unset(settings, "LAUNCH_PRIVATE_MEDIA_ROOT", "PRIVATE_MEDIA_ROOT", "LAUNCH_BACKUP_DIR")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.BASE_DIR = "/nonexistent"
    assert Path(private_storage().location) == tmp_path / "private"
    assert backup_dir() == tmp_path / "backups"
    settings.MEDIA_ROOT = ""
    with pytest.raises(ImproperlyConfigured, match="LAUNCH_BACKUP_DIR"):
        backup_dir()


def test_plugin_apps_read_no_undeclared_setting():
    """Outside conf.py the apps read only Django's, Wagtail's and Celery's own settings."""
    theirs = {
        "AUTH_USER_MODEL",
        "CACHES",
        "AUTHENTICATION_BACKENDS",
        "CELERY_TASK_ALWAYS_EAGER",
        "CHANNEL_LAYERS",
        "DEBUG",
        "DEFAULT_FROM_EMAIL",
        "MEDIA_ROOT",
        "STORAGES",
        "TIME_ZONE",
        "WAGTAILADMIN_BASE_URL",
        "WAGTAIL_SITE_NAME",
    }
    read = re.compile(r"""settings\.([A-Z][A-Z0-9_]*)|getattr\(\s*settings,\s*["']([A-Z0-9_]+)""")
    found = {}
    for app in PLUGIN_APPS:
        for path in (ROOT / app).rglob("*.py"):
            if path.name == "conf.py" or "migrations" in path.parts:
                continue
            for match in read.finditer(path.read_text()):
                name = match.group(1) or match.group(2)
                if name not in theirs:
                    found.setdefault(name, []).append(str(path.relative_to(ROOT)))
    assert found == {}


def test_the_reference_in_docs_lists_every_setting():
    text = (ROOT / "docs" / "settings.md").read_text()
    assert text == reference_markdown(), (
        "run: python manage.py settings_reference > docs/settings.md"
    )
    for setting in ALL:
        assert f"| `{setting.name}` |" in text


def _plugin_checks(include_deployment_checks=False):
    return [
        m
        for check in registry.get_checks(include_deployment_checks)
        if check.__module__ in ("lms.checks", "evidence.checks")
        for m in check(app_configs=None)
    ]


def _ids(include_deployment_checks=False):
    return {m.id for m in _plugin_checks(include_deployment_checks)}


def test_the_demo_host_passes_its_checks():
    assert _ids() == set()
    assert _ids(include_deployment_checks=True) == set()


def test_a_missing_site_url_is_an_error(settings):
    _unset(settings, "WAGTAILADMIN_BASE_URL")
    assert "lms.E002" in _ids()


def test_private_uploads_need_a_private_folder(settings, tmp_path):
    _unset(settings, "LAUNCH_PRIVATE_MEDIA_ROOT")
    settings.MEDIA_ROOT = ""
    assert "lms.E003" in _ids()
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.LAUNCH_PRIVATE_MEDIA_ROOT = str(tmp_path / "media" / "private")
    assert "lms.E004" in _ids()
    settings.STORAGES = {**settings.STORAGES, "evidence": {"BACKEND": "x.PrivateStorage"}}
    assert not {"lms.E003", "lms.E004"} & _ids()


def test_old_names_are_listed_by_a_check(settings):
    settings.FORUMS_EDIT_WINDOW_MINUTES = 5
    messages = [m for m in _plugin_checks() if m.id == "lms.W001"]
    assert [m.msg for m in messages] == ["The setting FORUMS_EDIT_WINDOW_MINUTES is deprecated."]
    assert "LAUNCH_FORUMS_EDIT_WINDOW_MINUTES" in messages[0].hint


def test_deploy_checks_ask_for_an_explicit_private_root(settings, tmp_path):
    assert "lms.W002" not in _ids(include_deployment_checks=True)
    _unset(settings, "LAUNCH_PRIVATE_MEDIA_ROOT")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    assert "lms.W002" in _ids(include_deployment_checks=True)
    assert "lms.W002" not in _ids()


def test_deploy_checks_ask_for_the_issuer_key(settings, monkeypatch):
    settings.DEBUG = False
    assert "evidence.W001" not in _ids(include_deployment_checks=True)  # the tests' env key
    monkeypatch.delenv("LAUNCH_ISSUER_KEY")
    assert "evidence.W001" in _ids(include_deployment_checks=True)
    settings.LAUNCH_ISSUER_KEY_DEV_FALLBACK = True
    assert "evidence.W002" in _ids(include_deployment_checks=True)
    settings.DEBUG = True
    assert not {"evidence.W001", "evidence.W002"} & _ids(include_deployment_checks=True)
