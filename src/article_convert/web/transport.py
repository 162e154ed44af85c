"""An httpx transport whose sockets only ever connect to addresses the policy has checked.

httpcore asks its network backend to open a TCP connection to (host, port); our backend resolves
the host itself, checks every address against the policy and connects to a checked address.
Checking the address where the socket is opened (not before the request) means a DNS answer that
changes between check and connect (DNS rebinding) cannot reach a refused address. TLS still
verifies the certificate against the host name (httpcore passes it as ``server_hostname``).
"""

from __future__ import annotations

import typing
from typing import Any

import httpcore
import httpx

from .policy import AddressRefused, NetworkPolicy, allowed_addresses


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's synchronous backend, connecting only to addresses the policy allows."""

    def __init__(self, policy: NetworkPolicy) -> None:
        self.policy = policy
        self.inner = httpcore.SyncBackend()
        self.connected: list[str] = []
        """Every address a socket was opened to (tests read it)."""

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: typing.Iterable[Any] | None = None) -> httpcore.NetworkStream:
        try:
            addresses = allowed_addresses(self.policy, host, port)
        except OSError as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        last: Exception | None = None
        for ip in addresses:
            try:
                stream = self.inner.connect_tcp(str(ip), port, timeout=timeout, local_address=local_address,
                                                socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
                continue
            self.connected.append(str(ip))
            return stream
        assert last is not None
        raise last

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: typing.Iterable[Any] | None = None) -> httpcore.NetworkStream:
        raise AddressRefused("Unix sockets are never used")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's own transport with the guarded backend under its connection pool; no proxies from the
    environment (a proxy would resolve names where we cannot check them)."""

    def __init__(self, policy: NetworkPolicy) -> None:
        super().__init__(trust_env=False, retries=0)
        self.backend = GuardedBackend(policy)
        old = self._pool
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=10,
            max_keepalive_connections=10,
            keepalive_expiry=5.0,
            http1=True,
            http2=False,
            retries=0,
            network_backend=self.backend,
        )
        old.close()
