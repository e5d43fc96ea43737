"""Knowledge: codebooks, actors, agents and the gazetteer, compiled from ``data/`` and loaded typed."""
