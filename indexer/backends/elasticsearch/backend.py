"""The Elasticsearch search backend: every call to the cluster is in this module.

Readers always go through the alias (`index`, "haitao" by default); the documents live in
versioned indices named `<alias>-<UTC timestamp>`. `rebuild` loads a new versioned index
while readers keep using the old one, then moves the alias in one atomic `_aliases` call and
deletes the old index: a search never sees a missing or half-loaded index.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from elastic_transport import BaseNode, TransportError
from elasticsearch import (
    AuthenticationException,
    AuthorizationException,
    Elasticsearch,
    NotFoundError,
    helpers,
)

from core.errors import HaitaoError
from indexer.backends.base import IndexStatus
from indexer.backends.elasticsearch import responses
from indexer.backends.elasticsearch.mapping import MAPPINGS, index_settings, live_settings
from indexer.backends.elasticsearch.mapping import to_source as _to_source
from indexer.backends.elasticsearch.search_body import (
    group_stats_body,
    search_body,
    suggest_body,
)
from indexer.documents import SearchDocument
from indexer.fields import FORMAT, StaleIndex
from indexer.query import SearchQuery, SearchResults
from indexer.spelling import correctable, corrected_text
from indexer.text import query_terms

_REASON = re.compile(r"\[Errno -?\d+\] ([^)\]'\"]+)")


class ElasticsearchBackend:
    """Search in an Elasticsearch (or OpenSearch-compatible) cluster at `url`.

    `index` is the alias readers use; `replicas` what a rebuilt index gets once loaded;
    `node_class` an `elastic_transport` node class (tests use one for osmem-server).
    """

    name = "elasticsearch"

    def __init__(
        self,
        url: str,
        *,
        index: str = "haitao",
        replicas: int = 1,
        chunk_size: int = 500,
        request_timeout: float = 30.0,
        node_class: type[BaseNode] | None = None,
    ) -> None:
        self.url = url
        self.alias = index
        self.replicas = replicas
        self.chunk_size = chunk_size
        options: dict[str, Any] = {"request_timeout": request_timeout}
        if node_class is not None:
            options["node_class"] = node_class
        self._client = Elasticsearch(url, **options)
        self._format_ok = False

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> ElasticsearchBackend:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def _reachable(self) -> Iterator[None]:
        """A cluster that cannot be reached is one line naming it, not a transport trace."""
        try:
            yield
        except TransportError as error:
            found = _REASON.search(str(error))
            reason = found.group(1).strip() if found else type(error).__name__
            raise HaitaoError(
                f"cannot reach Elasticsearch at {redact(self.url)} ({reason}): "
                "is it running, and is ELASTICSEARCH_URL right?"
            ) from error
        except (AuthenticationException, AuthorizationException) as error:
            raise HaitaoError(
                f"Elasticsearch at {redact(self.url)} refused Haitao ({error.message}): "
                "check the user and password in ELASTICSEARCH_URL and its privileges"
            ) from error

    # -- writing

    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        """Load a new versioned index, swap the alias to it atomically, drop the old ones."""
        with self._reachable():
            index = self._create_index(loading=True)
            try:
                written = self._load(index, documents)
                self._point_alias_at(index)
            except BaseException:
                self._client.options(ignore_status=404).indices.delete(index=index)
                raise
            self._delete_versions(keep=index)
        self._format_ok = True
        return written

    def _load(self, index: str, documents: Iterable[SearchDocument]) -> int:
        """Bulk-load a new index, then make it ready to serve: refreshes, replicas, visible."""
        written = self._bulk_index(index, documents)
        self._client.indices.put_settings(index=index, settings=live_settings(self.replicas))
        self._client.indices.refresh(index=index)
        return written

    def upsert(self, documents: Iterable[SearchDocument]) -> int:
        with self._reachable():
            self._ensure_alias()
            self._check_format()
            return self._bulk_index(self.alias, documents, refresh="wait_for")

    def delete(self, ids: Iterable[str]) -> int:
        actions = ({"_op_type": "delete", "_index": self.alias, "_id": i} for i in ids)
        with self._reachable():
            if not self._client.indices.exists_alias(name=self.alias):
                return 0
            self._check_format()
            results = helpers.streaming_bulk(
                self._client, actions, ignore_status=404, refresh="wait_for"
            )
            return sum(item["delete"].get("result") == "deleted" for _, item in results)

    # -- reading

    def count(self) -> int:
        with self._reachable():
            try:
                return self._client.count(index=self.alias)["count"]
            except NotFoundError:
                return 0

    def stored_fields(self, ids: Iterable[str], names: Sequence[str]) -> dict[str, dict[str, Any]]:
        wanted, found = list(dict.fromkeys(ids)), {}
        source = [f"doc.{name}" for name in names]
        with self._reachable():
            if not wanted or not self._client.indices.exists_alias(name=self.alias):
                return {}
            self._check_format()
            for start in range(0, len(wanted), self.chunk_size):
                chunk = wanted[start : start + self.chunk_size]
                response = self._client.mget(index=self.alias, ids=chunk, source=source)
                for got in response["docs"]:
                    if got.get("found"):
                        doc = got["_source"]["doc"]
                        found[got["_id"]] = {name: doc.get(name) for name in names}
        return found

    def status(self) -> IndexStatus:
        """The alias's documents and index; the last rebuild is the timestamp in its name."""
        with self._reachable():
            indices = self._aliased()
            documents = self._client.count(index=self.alias)["count"] if indices else 0
        return IndexStatus(
            backend=self.name,
            documents=documents,
            last_reindex=max(filter(None, map(self._built_at, indices)), default=None),
            details={"cluster": redact(self.url), "alias": self.alias, "index": ", ".join(indices)},
        )

    def _built_at(self, index: str) -> datetime | None:
        """When a versioned index (`<alias>-<UTC timestamp>`) was created, else None."""
        stamp = index.removeprefix(f"{self.alias}-")
        if len(stamp) != 20 or not stamp.isdigit():
            return None
        return datetime.strptime(stamp, "%Y%m%d%H%M%S%f").replace(tzinfo=UTC)

    def generation(self) -> str | None:
        """None: writes by other processes (an upsert after a crawl) leave no cheap trace to
        compare (the alias names the same index), so readers do not cache its answers."""
        return None

    def search(self, query: SearchQuery) -> SearchResults:
        """One page of hits, one per product group, with group stats, totals and facets;
        when nothing matches, the same search with its typos corrected (`indexer.spelling`)."""
        results = self._search(query)
        if results.total or query.exact or not query.text.strip():
            return results
        return self._corrected(query) or results

    def _corrected(self, query: SearchQuery) -> SearchResults | None:
        terms = query_terms(query.text)
        typed = [term for term in terms if correctable(term)]
        if not typed:
            return None
        with self._reachable():
            try:
                response = self._client.search(index=self.alias, body=suggest_body(typed))
            except NotFoundError:  # never built: nothing to correct against
                return None
        fixes = responses.corrections(typed, response)
        if not fixes:
            return None
        text = corrected_text(terms, fixes)
        results = self._search(replace(query, text=text, exact=True))
        return replace(results, corrected=text) if results.total else None

    def _search(self, query: SearchQuery) -> SearchResults:
        with self._reachable():
            self._check_format()
            try:
                response = self._client.search(index=self.alias, body=search_body(query))
            except NotFoundError:  # never built: an empty catalog, not an error
                return SearchResults(hits=[], total=0, facets={f: [] for f in query.facets})
            stats = self._group_stats(query, responses.page_group_keys(response))
        return responses.search_results(query, response, stats)

    def _group_stats(self, query: SearchQuery, keys: list[str]) -> dict:
        if not keys:
            return {}
        body = group_stats_body(query, keys)
        return responses.group_stats(self._client.search(index=self.alias, body=body))

    def _check_format(self) -> None:
        """StaleIndex when the alias's index was built for another document format (its
        mapping's `_meta`); checked until it holds once. No index yet: nothing to check."""
        if self._format_ok:
            return
        found = self._client.options(ignore_status=404).indices.get_mapping(index=self.alias)
        for name, body in found.items():
            if name in ("error", "status"):
                return
            stamped = body["mappings"].get("_meta", {}).get("haitao_format")
            if stamped != FORMAT:
                raise StaleIndex(f"index {name} has format {stamped}, this Haitao reads {FORMAT}")
        self._format_ok = True

    # -- indices and the alias

    def _create_index(self, *, loading: bool) -> str:
        name = f"{self.alias}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"
        settings = index_settings(loading=loading, replicas=self.replicas)
        self._client.indices.create(index=name, settings=settings, mappings=MAPPINGS)
        return name

    def _bulk_index(self, index: str, documents: Iterable[SearchDocument], **options: Any) -> int:
        actions = ({"_index": index, "_id": d.id, "_source": _to_source(d)} for d in documents)
        results = helpers.streaming_bulk(
            self._client, actions, chunk_size=self.chunk_size, **options
        )
        return sum(ok for ok, _ in results)

    def _aliased(self) -> list[str]:
        """The indices the alias points to now (none before the first rebuild)."""
        found = self._client.options(ignore_status=404).indices.get_alias(name=self.alias)
        return [name for name in found if name not in ("error", "status")]

    def _point_alias_at(self, index: str) -> None:
        """One atomic `_aliases` call: readers see either the old index or the new one."""
        actions: list[dict[str, Any]] = [{"add": {"index": index, "alias": self.alias}}]
        actions += [{"remove": {"index": old, "alias": self.alias}} for old in self._aliased()]
        self._client.indices.update_aliases(actions=actions)

    def _ensure_alias(self) -> None:
        """Before the first rebuild, upserts need an index behind the alias too."""
        if not self._client.indices.exists_alias(name=self.alias):
            self._point_alias_at(self._create_index(loading=False))

    def _delete_versions(self, *, keep: str) -> None:
        """Every versioned index of this alias but `keep`: the old one, and any left by an
        interrupted rebuild."""
        pattern = re.compile(re.escape(self.alias) + r"-\d{20}")
        found = self._client.indices.get(index=f"{self.alias}-*", expand_wildcards="open")
        stale = [name for name in found if pattern.fullmatch(name) and name != keep]
        if stale:
            self._client.indices.delete(index=",".join(stale))


def redact(url: str) -> str:
    """The URL without a password, fit for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))
