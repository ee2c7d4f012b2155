"""Books: many articles assembled into one volume per format."""
