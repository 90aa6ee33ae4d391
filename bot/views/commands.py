"""The command list: shown by /help and registered with Telegram, from this one table."""

COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "Begin, or pick up where we left off"),
    ("checkin", "Check in now"),
    ("pause", "Pause check-ins (/pause 3 for three days)"),
    ("resume", "Resume check-ins"),
    ("streaks", "All your day counts"),
    ("nocontact", "Days without contact"),
    ("social", "Social-media breaks"),
    ("slip", "Log a slip (it never wipes the count)"),
    ("cope", "An idea for right now (add what's going on)"),
    ("urge", "When you want to text them"),
    ("reasons", "Your reasons: why it ended, what you deserve"),
    ("unsent", "What you wrote instead of sending it"),
    ("journal", "What you've written (/journal word searches)"),
    ("stats", "Charts: mood, triggers, days kept"),
    ("export", "Everything I hold about you, as files"),
    ("delete", "Erase everything I hold about you"),
    ("settings", "Time zone, check-in time and days"),
    ("help", "What I can do, and where to find real help"),
)
