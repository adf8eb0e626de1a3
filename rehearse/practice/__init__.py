"""Practice over many takes: history store, drills, consistency across takes, export."""
