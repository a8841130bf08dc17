"""``run_action``: the one shape of an action view (run the service, flash, redirect)."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory

from lms.http import error_message, run_action


class Refused(Exception):
    pass


def _request(*, htmx: bool = False):
    request = RequestFactory().post("/anywhere/")
    request.session = {}  # type: ignore[attr-defined]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    request.htmx = htmx  # type: ignore[attr-defined]  # django-htmx: truthy for htmx requests
    return request


def _flashed(request) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(request)]


def test_success_flashes_the_text_and_the_warnings_then_redirects():
    request = _request()
    response = run_action(
        request,
        lambda: 3,
        errors=(Refused,),
        success=lambda n: f"{n} done",
        warnings=lambda n: [f"careful with {n}"],
        redirect_to="/done/",
        error_redirect_to="/again/",
    )
    assert response.status_code == 302 and response["Location"] == "/done/"
    assert _flashed(request) == [("success", "3 done"), ("warning", "careful with 3")]


def test_a_refusal_flashes_its_message_and_goes_to_the_error_target():
    def refuse() -> None:
        raise Refused("Not now.")

    request = _request()
    response = run_action(
        request,
        refuse,
        errors=(Refused,),
        success="never shown",
        warnings=lambda _: ["never shown"],
        redirect_to="/done/",
        error_redirect_to="/again/",
    )
    assert response["Location"] == "/again/"
    assert _flashed(request) == [("error", "Not now.")]


def test_only_the_named_errors_are_caught():
    def broken() -> None:
        raise KeyError("bug")

    with pytest.raises(KeyError):
        run_action(_request(), broken, errors=(Refused,), redirect_to="/done/")


def test_a_validation_error_reads_as_its_messages():
    assert error_message(ValidationError(["One.", "Two."])) == "One. Two."
    assert error_message(Refused("Plain.")) == "Plain."


def test_a_callable_target_answers_after_the_action_and_htmx_gets_the_fragment():
    calls: list[str] = []

    def action() -> str:
        calls.append("action")
        return "saved"

    def back() -> HttpResponse:
        calls.append("back")
        return HttpResponse("fragment")

    request = _request()
    assert run_action(request, action, errors=(), redirect_to=back).content == b"fragment"
    assert calls == ["action", "back"]

    htmx = _request(htmx=True)
    response = run_action(
        htmx,
        action,
        errors=(),
        success="not flashed",
        redirect_to="/done/",
        fragment=lambda result, error: HttpResponse(f"{result}|{error}"),
    )
    assert response.content == b"saved|"
    assert _flashed(htmx) == []

    def refuse() -> None:
        raise Refused("No.")

    refused = run_action(
        htmx,
        refuse,
        errors=(Refused,),
        redirect_to="/done/",
        fragment=lambda result, error: HttpResponse(f"{result}|{error}"),
    )
    assert refused.content == b"None|No."
