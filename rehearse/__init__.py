"""rehearse: offline, timed rehearsal of behavioral interview answers."""

__version__ = "0.1.0"
