"""convert: Markdown articles to publishable PDF, EPUB and DOCX."""

__version__ = "0.1.0"
