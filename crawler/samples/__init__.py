"""Sample overseas stores served over loopback: profiles, catalogs and their HTTP server."""
