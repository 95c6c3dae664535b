"""Outputs, each a function of one Graph: RDF files (`rdf`), the graph page
(`html`) and network metrics and exports (`analysis`)."""
