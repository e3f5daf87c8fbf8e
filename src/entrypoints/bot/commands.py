"""The command menu Telegram shows, in Ukrainian and English, and the /help text built from it."""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import BotCommand, BotCommandScopeDefault

from application.rendering.messages import text
from domain.users import Language

# In the order the menu and /help list them.
COMMANDS = (
    "today",
    "week",
    "undo",
    "settings",
    "timezone",
    "briefings",
    "connect_whoop",
    "connect_fatsecret",
    "disconnect",
    "export",
    "delete",
    "help",
)


def bot_commands(language: Language) -> list[BotCommand]:
    return [
        BotCommand(command=name, description=text(language, f"command.{name}")) for name in COMMANDS
    ]


def help_text(language: Language) -> str:
    lines = [text(language, "bot.help_intro"), ""]
    lines += [f"/{name} — {text(language, f'command.{name}')}" for name in COMMANDS]
    return "\n".join([*lines, "", text(language, "bot.help_outro")])


async def register_commands(bot: Bot) -> None:
    """setMyCommands for Ukrainian clients, English clients, and (in English) everyone else —
    the same rule that picks a new user's language."""
    scope = BotCommandScopeDefault()
    await bot.set_my_commands(bot_commands(Language.EN), scope=scope)
    for language in Language:
        await bot.set_my_commands(bot_commands(language), scope=scope, language_code=language.value)
