"""Documents out: the layout of the official tables and its renderers, result reports, file writing."""
