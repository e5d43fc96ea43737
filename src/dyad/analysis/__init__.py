"""Analysis over the event store: pure functions over DuckDB connections and DataFrames."""
