"""Bundled data of the indexer: `concepts.yaml`, the multilingual shopping vocabulary that
`indexer.concepts` loads."""
