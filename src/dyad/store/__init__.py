"""The event store: Parquet segments + DuckDB views (see store.py)."""
