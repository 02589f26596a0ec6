"""To-do items of traceability and recalls for the role home pages (filled in with recalls)."""
