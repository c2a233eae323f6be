"""Extraction: pure functions from a fetched page to items, kept apart from crawling."""


class ExtractionError(ValueError):
    """The whole page is unusable (not JSON, wrong shape); the reason names why."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
