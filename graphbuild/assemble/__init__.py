"""Assembling the whole graph from its films: what to work on (`plan`), where films run
(`engines`), the cache (`cache`), merging and patching (`merge`, `patch`,
`rows`) and files replaced whole (`files`)."""
