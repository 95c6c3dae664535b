"""SPARQL over a built graph: queries (`query`), persistent stores
(`store`), the read-only endpoint (`server`) and uploads (`push`)."""
