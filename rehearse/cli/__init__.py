"""The command line: argument parsing, commands, and terminal (Rich) rendering."""

from rehearse.cli.commands import main

__all__ = ["main"]
