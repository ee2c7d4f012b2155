"""The writers: each turns a rewritten article into one format's bytes, and does nothing else.
Which passes and which writer make a format is said once, in convert.formats."""
