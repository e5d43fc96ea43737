"""The spaCy pipeline: one module per component; factories are registered in :mod:`dyad.nlp.factories`."""
