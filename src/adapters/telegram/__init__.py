"""Telegram through aiogram's Bot: the `Messenger` port, paced and with Telegram's errors
translated, plus the chat chores the bot needs (typing, edits, callback answers, voice files)."""
