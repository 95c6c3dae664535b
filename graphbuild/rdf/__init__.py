"""The RDF model: the ontology's terms (`vocab`), IRIs (`iris`), entities
and relations as triples with provenance (`mapping`), SHACL (`validate`)."""
