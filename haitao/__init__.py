"""Haitao's shared domain: settings, stores, the catalog database, money and FX, the CLI."""
