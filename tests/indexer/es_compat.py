"""Test-only transport node that lets the Elasticsearch 9 client talk to `osmem-server`.

The client asks for `application/vnd.elasticsearch+json; compatible-with=9`, which osmem
refuses with 406. This node rewrites Accept and Content-Type to the plain media types
(`application/x-ndjson` for bulk bodies). Production code never imports it: a real cluster
understands the compatible-with media types.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from elastic_transport import HttpHeaders, Urllib3HttpNode

if TYPE_CHECKING:  # only the private module names the response type
    from elastic_transport._node._base import NodeApiResponse

_VENDOR = "application/vnd.elasticsearch+"


def _plain(media_type: str) -> str:
    """`application/vnd.elasticsearch+x-ndjson; compatible-with=9` → `application/x-ndjson`."""
    base = media_type.split(";", 1)[0].strip()
    if base.startswith(_VENDOR):
        return "application/" + base.removeprefix(_VENDOR)
    return base


class JsonCompatNode(Urllib3HttpNode):
    """`Elasticsearch(url, node_class=JsonCompatNode)` for osmem-server."""

    def perform_request(  # type: ignore[override]
        self,
        method: str,
        target: str,
        body: bytes | None = None,
        headers: HttpHeaders | None = None,
        **options: object,
    ) -> NodeApiResponse:
        headers = HttpHeaders(headers or {})
        for name in ("accept", "content-type"):
            if name in headers:
                headers[name] = _plain(headers[name])
        return super().perform_request(method, target, body=body, headers=headers, **options)
