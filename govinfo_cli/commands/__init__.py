"""One module per command, each a thin layer over the library; app.py holds what they share."""
