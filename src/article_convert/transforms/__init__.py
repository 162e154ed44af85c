"""Built-in transforms; each module is one plugin, registered through entry points."""
