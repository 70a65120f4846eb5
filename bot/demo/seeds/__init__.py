"""Demo seeds: each builds one part of the demo account's story (see bot/demo/script.py)."""
