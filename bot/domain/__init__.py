"""Pure logic: no Telegram, no database, no I/O. `now` is always passed in."""
