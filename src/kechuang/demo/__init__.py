"""Demo content: an area tree, plans read from shipped documents, simulated figures."""
