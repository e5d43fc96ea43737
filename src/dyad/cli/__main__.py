"""``python -m dyad.cli`` runs the command line (same as the ``dyad`` executable)."""

from dyad.cli import main

main()
