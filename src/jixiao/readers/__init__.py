"""Readers: turn a source document into an Evaluation plus findings about the input.

Readers never judge the figures; they record what the document states and where.
Every reader produces a *located tree* (:mod:`jixiao.readers.tree`) — mappings,
sequences and scalars that carry their source location — and one walker builds the
model from it, so every input format yields the same facts with the same concepts.
"""
