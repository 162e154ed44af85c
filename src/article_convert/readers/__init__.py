"""Built-in readers; each module is one plugin, registered through entry points."""
