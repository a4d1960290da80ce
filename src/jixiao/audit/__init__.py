"""Bulk audit of published evaluations (``jixiao audit``): an outer layer over the core.

``runner`` finds the documents and maps them over worker processes, ``rows`` turns one
document into plain JSON-able rows, ``outputs`` writes the rows as JSON, CSV, XLSX or one
standalone HTML page. Nothing here is imported by the core.
"""
