"""Request types for views behind ``login_required`` (for type checking), and the client's
address behind trusted proxies."""

from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from .models import User


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
