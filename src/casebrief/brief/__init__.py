"""The brief: typed output models, assembly, and rendering."""
