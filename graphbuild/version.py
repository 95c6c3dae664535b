"""graphbuild's version (the package's `__version__`, and part of every
pipeline version, store marker and service description)."""

__version__ = "0.1.0"
