"""HTTP to the Bot API: PTB's HTTPXRequest with JSON bodies, over a few small connection pools.

PTB posts parameters as a form whose values are JSON strings, so every byte of the inline
keyboard is JSON-encoded and then percent-encoded one character at a time; the Bot API reads
JSON bodies just as well, and one `json.dumps` of the whole request is cheaper. Uploads still go
through PTB as multipart.

httpcore's pool looks at every connection it holds (a `poll` and a `getpeername` on each
socket) every time a request starts or ends, so with 16 sends in flight one pool of 16 spends
more CPU on that bookkeeping than on the request. Many pools of two do the same work for a
fraction of that cost (docs/benchmarks.md). Each request goes to the pool with the fewest
requests in flight, so no pool waits while another is idle. The pools share one TLS context:
each would otherwise read the certificate store again (about 40 ms each at start-up).
"""

from __future__ import annotations

import json
import ssl
from functools import cache
from typing import Any

import httpx
from telegram._utils.defaultvalue import DEFAULT_NONE, DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData

_JSON_HEADERS = {"User-Agent": BaseRequest.USER_AGENT, "Content-Type": "application/json"}


@cache
def tls_context() -> ssl.SSLContext:
    """The one TLS context every client of this process uses: httpx's default (certifi's
    certificates, or SSL_CERT_FILE / SSL_CERT_DIR), read once."""
    return httpx.create_ssl_context()


def single_request() -> HTTPXRequest:
    """A one-connection HTTPXRequest on the shared TLS context (long polling, the token check)."""
    return HTTPXRequest(connection_pool_size=1, httpx_kwargs={"verify": tls_context()})


def _or(value: ODVInput[float], default: float | None) -> float | None:
    return default if isinstance(value, DefaultValue) else value


class JsonHTTPXRequest(HTTPXRequest):
    """HTTPXRequest that sends parameters as one JSON body (uploads stay multipart)."""

    __slots__ = ()

    async def do_request(  # noqa: PLR0917 (PTB's signature)
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """POST `request_data` as JSON; errors map to PTB's exactly as HTTPXRequest maps them."""
        if request_data is None or request_data.contains_files or self._client.is_closed:
            return await super().do_request(
                url,
                method,
                request_data,
                read_timeout=read_timeout,
                write_timeout=write_timeout,
                connect_timeout=connect_timeout,
                pool_timeout=pool_timeout,
            )
        defaults = self._client.timeout
        timeout = httpx.Timeout(
            connect=_or(connect_timeout, defaults.connect),
            read=_or(read_timeout, defaults.read),
            write=_or(write_timeout, defaults.write),
            pool=_or(pool_timeout, defaults.pool),
        )
        body = json.dumps(request_data.parameters, separators=(",", ":")).encode()
        try:
            response = await self._client.request(
                method, url, headers=_JSON_HEADERS, content=body, timeout=timeout
            )
        except httpx.TimeoutException as error:
            raise TimedOut from error
        except httpx.HTTPError as error:
            raise NetworkError(f"httpx.{error.__class__.__name__}") from error
        return response.status_code, response.content


class ShardedRequest(BaseRequest):
    """A BaseRequest over `shards` HTTPXRequest pools of `per_shard` connections each."""

    __slots__ = ("_busy", "_shards")

    def __init__(self, shards: int = 12, per_shard: int = 2, **httpx_request: Any) -> None:
        if shards < 1 or per_shard < 1:
            raise ValueError("shards and per_shard must be at least 1")
        client = {"verify": tls_context(), **httpx_request.pop("httpx_kwargs", {})}
        self._shards = [
            JsonHTTPXRequest(connection_pool_size=per_shard, httpx_kwargs=client, **httpx_request)
            for _ in range(shards)
        ]
        self._busy = [0] * shards

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout (the same in every pool)."""
        return self._shards[0].read_timeout

    @property
    def in_flight(self) -> tuple[int, ...]:
        """Requests in flight per pool (for tests)."""
        return tuple(self._busy)

    async def initialize(self) -> None:
        """Open every pool."""
        for shard in self._shards:
            await shard.initialize()

    async def shutdown(self) -> None:
        """Close every pool."""
        for shard in self._shards:
            await shard.shutdown()

    async def do_request(  # noqa: PLR0917 (PTB's signature)
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send through the least busy pool."""
        index = min(range(len(self._busy)), key=self._busy.__getitem__)
        self._busy[index] += 1
        try:
            return await self._shards[index].do_request(
                url,
                method,
                request_data,
                read_timeout=read_timeout,
                write_timeout=write_timeout,
                connect_timeout=connect_timeout,
                pool_timeout=pool_timeout,
            )
        finally:
            self._busy[index] -= 1
