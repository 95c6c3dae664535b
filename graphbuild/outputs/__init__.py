"""Outputs, each a function of one Graph: RDF files (`rdf`), network metrics
and exports (`analysis`), and the explorer page (`html`, from the data of
`explorer`, laid out by `layouts`); `facts` reads a graph, or streams a graph
file, into the entities, facts and evidence they show."""
