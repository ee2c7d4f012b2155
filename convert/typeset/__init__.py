"""Typesetting the PDF needs beyond what WeasyPrint does on its own."""
