"""`python -m bot doctor`: check a real setup before the first incident, not during it."""
