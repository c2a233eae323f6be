"""The Elasticsearch search backend: mapping, request bodies, responses, the client calls."""

from indexer.backends.elasticsearch.backend import ElasticsearchBackend

__all__ = ["ElasticsearchBackend"]
