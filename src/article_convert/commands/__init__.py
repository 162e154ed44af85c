"""Sub-commands of the CLI, one module each, loaded only when called."""
