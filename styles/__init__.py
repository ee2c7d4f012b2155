"""The templates, stylesheets and reference document, shipped inside the package."""
