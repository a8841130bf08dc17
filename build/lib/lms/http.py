"""Request types for views behind ``login_required`` (for type checking), the client's
address behind trusted proxies, and :func:`run_action`, the one shape of an action view
("run the service, flash the error or the success, redirect")."""

from collections.abc import Callable, Iterable
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_htmx.middleware import HtmxDetails

from .people import User


class AuthedRequest(HttpRequest):
    """A request from a signed-in user, with django-htmx's details."""

    user: User  # type: ignore[assignment]
    htmx: HtmxDetails


def _networks(entries: list[str] | tuple[str, ...]) -> list[IPv4Network | IPv6Network]:
    return [ip_network(entry.strip(), strict=False) for entry in entries if entry.strip()]


def _parse_ip(value: str) -> IPv4Address | IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.9:443"
        value = value.split(":", 1)[0]
    try:
        return ip_address(value)
    except ValueError:
        return None


def client_address(
    remote_addr: str | None, forwarded_for: str | None, trusted: list[str] | tuple[str, ...]
) -> str | None:
    """The client's address: ``remote_addr`` unless that is a trusted proxy (``TRUSTED_PROXIES``),
    and then the nearest address in ``X-Forwarded-For`` that is not one (walking from the right,
    so an address the client wrote itself at the left is never believed)."""
    networks = _networks(trusted)
    peer = _parse_ip(remote_addr or "")
    if peer is None or not forwarded_for or not any(peer in net for net in networks):
        return remote_addr or None
    client = str(peer)
    for hop in reversed(forwarded_for.split(",")):
        address = _parse_ip(hop)
        if address is None:
            break
        client = str(address)
        if not any(address in net for net in networks):
            break
    return client


# --- Action views -------------------------------------------------------------------------------

type Respond = str | Callable[[], HttpResponse]


def error_message(exc: Exception) -> str:
    """What a refused action tells the person: a ``ValidationError``'s messages joined, any
    other service error's text."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


def _respond(target: Respond) -> HttpResponse:
    return target() if callable(target) else redirect(target)


def run_action[T](
    request: HttpRequest,
    action: Callable[[], T],
    *,
    errors: tuple[type[Exception], ...],
    redirect_to: Respond,
    success: str | Callable[[T], str] | None = None,
    warnings: Callable[[T], Iterable[str]] | None = None,
    error_redirect_to: Respond | None = None,
    fragment: Callable[[T | None, str], HttpResponse] | None = None,
) -> HttpResponse:
    """Run ``action`` (a call into a service) and answer the way every action view does.

    When it raises one of ``errors``, its message (:func:`error_message`) is flashed as an
    error and the answer is ``error_redirect_to`` (default ``redirect_to``); nothing else is
    caught. Otherwise ``success`` (a text, or a function of the action's result) is flashed,
    then each of ``warnings(result)``, and the answer is ``redirect_to``.

    A target is a URL or URL name (given to :func:`django.shortcuts.redirect`) or a function
    answering the response, called after the action (for example an htmx fragment showing
    the new state). With ``fragment``, an htmx request flashes nothing and gets
    ``fragment(result, error)`` instead (``result`` is ``None`` and ``error`` the message
    when the action was refused).
    """
    try:
        result = action()
    except errors as exc:
        if fragment is not None and getattr(request, "htmx", False):
            return fragment(None, error_message(exc))
        messages.error(request, error_message(exc))
        return _respond(redirect_to if error_redirect_to is None else error_redirect_to)
    if fragment is not None and getattr(request, "htmx", False):
        return fragment(result, "")
    if success is not None:
        messages.success(request, success(result) if callable(success) else success)
    for warning in warnings(result) if warnings is not None else ():
        messages.warning(request, warning)
    return _respond(redirect_to)
