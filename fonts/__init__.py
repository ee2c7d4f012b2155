"""The fonts table, shipped inside the package."""
