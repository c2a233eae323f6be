"""Signals a crawl sends besides Scrapy's own, for whoever runs it to listen to.

`run_closed(run_id, sessions)` is sent once the crawl has written its run row's end (state,
stats, error): operations evaluates its health rules then (`operations.crawl_extension`). The
crawler itself knows nothing of who listens.
"""

run_closed = object()
