"""What the person sees: texts, keyboards, and the callback data behind buttons."""
