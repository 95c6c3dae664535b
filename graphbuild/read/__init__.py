"""Reading: corpus folders and files into Documents (`corpus`), and their
text made fit to parse (`normalize`)."""
