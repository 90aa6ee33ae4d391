"""Talking to the bot in a terminal: an in-process Bot API and a read-print loop."""
