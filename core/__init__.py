"""The shared core: settings, the database session and migrations, the stores file, the catalog
tables. Everything else builds on it; it imports nothing of the project but `config`."""
