"""Exchange-rate sources and their refresh: forex-python, the ECB daily XML, the bundled snapshot.

The rates themselves are data with a date (`haitao.fx`); this package fetches them, checks them
and records every fetch attempt so an operator can see why a source was skipped.
"""
