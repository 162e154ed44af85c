"""Built-in writers; each module is one plugin, registered through entry points."""
