"""Extraction: one film from its Documents to its result (`film` holds the
whole path: parse, resolve, extract relations, map to rows). spaCy is
imported here only (`nlp`, `speedups`)."""
