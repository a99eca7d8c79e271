"""What serving many readers needs, below every app: the full-page cache's surrogate keys
and purges (``keys``, ``purge``, ``middleware``) and reads from a PostgreSQL replica
(``routers``). It knows no model: the apps say what a page shows and what a change
touches."""
