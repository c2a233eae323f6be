"""Catalog rows → search documents, the search-backend interface and its backends."""
