"""Fixtures of the indexer tests."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def osmem_server(osmem_server):
    """The plugin's server, whose stdout pipe its `close()` leaves open (a ResourceWarning,
    an error under `filterwarnings = error`): stop it and close the pipe here."""
    yield osmem_server
    osmem_server.close()
    if osmem_server.process.stdout is not None:
        osmem_server.process.stdout.close()
