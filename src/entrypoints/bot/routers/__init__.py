"""The bot's routers, built fresh for each dispatcher (a router joins one parent only)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType

from entrypoints.bot.routers import account, fallback, groups, meals, settings, start


def all_routers() -> list[Router]:
    """Groups first (they are answered once and left); then private chats only: commands, the
    questions the bot asked, meals, and the fallback for everything else."""
    private = Router(name="private")
    in_private = F.chat.type == ChatType.PRIVATE
    private.message.filter(in_private)
    private.edited_message.filter(in_private)
    private.callback_query.filter(F.message.chat.type == ChatType.PRIVATE)
    private.include_routers(
        start.router(), account.router(), settings.router(), meals.router(), fallback.router()
    )
    return [groups.router(), private]
