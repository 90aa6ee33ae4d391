"""The scheduled sending engine: tick, claim, send, record."""
