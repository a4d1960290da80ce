"""Storage of the web application: organisations, people, evaluations and their versions,
the workflow and the audit log, over SQLite (the embedded default) or PostgreSQL.

Nothing here knows about rules, scores or readers: the documents stored are the engine's
data documents (JSON), the figures indexed beside them come from the engine's result."""
