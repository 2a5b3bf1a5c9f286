"""``python -m arcleaner`` runs the ``arclean`` command."""

from .cli import run

run()
