"""The package's version: the one place it is written (hatchling reads it for the metadata).

Kept as a literal so that ``import complaintcode`` never searches the installed
distributions (``importlib.metadata``) for it, which cost most of the import time.
"""

__version__ = "0.1.0"
