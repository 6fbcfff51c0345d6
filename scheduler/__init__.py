"""When reminders are due and the work that sends them."""
