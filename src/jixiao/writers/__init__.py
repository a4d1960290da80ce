"""Writers: turn results into what people read (terminal text, JSON, reports, tables)."""
