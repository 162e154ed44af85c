"""Which URLs and which addresses may be fetched: http/https only, public addresses only by default.

Every request and every redirect hop is checked here twice: the URL (scheme, credentials, host)
before it is sent, and each resolved address when the socket is opened (see ``transport``).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..errors import UsageError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200", "169.254.170.2")
)
"""Cloud metadata endpoints (AWS/GCP/Azure/OpenStack, AWS IPv6, Alibaba, ECS task): refused always."""

NAT64 = ipaddress.ip_network("64:ff9b::/96")
"""IPv6 addresses that a NAT64 gateway maps onto the IPv4 address in their last 32 bits."""

ALLOW_HINT = "use --allow-private-network to allow it"


class AddressRefused(Exception):
    """A request whose URL or resolved address the policy refuses; the message says why."""


def address_kind(ip: IPAddress) -> str | None:
    """What makes ``ip`` non-public (``loopback``, ``private``…), or None for a public address."""
    mapped = getattr(ip, "ipv4_mapped", None) or getattr(ip, "sixtofour", None)
    if mapped is None and ip.version == 6 and ip in NAT64:
        mapped = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if mapped is not None:
        return address_kind(mapped)
    if ip in METADATA_ADDRESSES:
        return "cloud metadata"
    checks = (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
    )
    for name, hit in checks:
        if hit:
            return name
    return None if ip.is_global else "non-public"


@dataclass(frozen=True)
class NetworkPolicy:
    """Public addresses always; non-public ones only when allowed (all, or the listed networks)."""

    allow_private: bool = False
    networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()

    @classmethod
    def from_settings(cls, allow_private: bool, networks: Iterable[str]) -> NetworkPolicy:
        """A policy from the command line; a bad CIDR is a usage error."""
        parsed = []
        for text in networks:
            try:
                parsed.append(ipaddress.ip_network(text.strip(), strict=False))
            except ValueError:
                raise UsageError(f"--allow-network {text!r}: not an address or network (CIDR)") from None
        return cls(allow_private and not parsed, tuple(parsed))

    def refusal(self, ip: IPAddress) -> str | None:
        """Why connecting to ``ip`` is refused, or None when it is allowed."""
        kind = address_kind(ip)
        if kind is None:
            return None
        if kind == "cloud metadata":
            return f"{ip} is a cloud metadata address (always refused)"
        if self.networks:
            if any(ip.version == n.version and ip in n for n in self.networks):
                return None
            return f"{ip} is a {kind} address outside --allow-network"
        if self.allow_private:
            return None
        return f"{ip} is a {kind} address ({ALLOW_HINT})"


def check_url(url: str) -> None:
    """Refuse what is not a plain http(s) URL with a host (no credentials, no other scheme)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as exc:
        raise AddressRefused(f"not a valid URL ({exc})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise AddressRefused(f"only http and https URLs are fetched, not {parts.scheme or 'this'}:")
    if not parts.hostname:
        raise AddressRefused("the URL has no host")
    if parts.username is not None or parts.password is not None:
        raise AddressRefused("URLs with a user name or password are refused")


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` resolves to (a literal address resolves to itself), in resolver order."""
    try:
        return [ipaddress.ip_address(host.strip("[]").split("%", 1)[0])]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise OSError(f"cannot resolve {host}: {exc.strerror or exc}") from None
    out: list[IPAddress] = []
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if ip not in out:
            out.append(ip)
    return out


def allowed_addresses(policy: NetworkPolicy, host: str, port: int) -> list[IPAddress]:
    """The addresses of ``host`` the policy allows; AddressRefused naming the first refused one if none."""
    addresses = resolve(host, port)
    allowed = [ip for ip in addresses if policy.refusal(ip) is None]
    if not allowed:
        first = addresses[0] if addresses else None
        reason = policy.refusal(first) if first is not None else "no address"
        raise AddressRefused(f"refused: {host} -> {reason}" if str(first) != host else f"refused: {reason}")
    return allowed
