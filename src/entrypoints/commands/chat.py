"""`health-tracker chat`: talk with the assistant in this terminal, as a local user.

One message per line on stdin, each reply on stdout; `/quit` (or end of input) ends the chat.
It runs on the configured servers or the embedded ones (migrations applied first), with OpenAI
when OPENAI_API_KEY is set and the offline interpreter otherwise, so a fresh machine with no
credentials gets a working assistant: "2 eggs and a banana", then "how much today?".

The local user is the first user without a Telegram id; the first chat creates one.

Everything is kept in PostgreSQL, as for the bot: the chat builds the same container.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import AsyncIterator
from typing import TextIO

from dishka import AsyncContainer

from adapters.offline.interpreter import OfflineInterpreter
from adapters.postgres.migrations import apply_migrations
from application.chat.handle_text_message import HandleTextMessage, HandleTextMessageRequest
from application.errors import ApplicationError
from application.ports.assistant import Interpreter
from application.ports.catalog import FoodCatalog
from application.ports.system import Clock, IdGenerator
from application.ports.unit_of_work import UnitOfWork
from application.users.register_user import Sender
from domain.errors import DomainError
from domain.ids import UserId
from domain.users import Language, User
from entrypoints.config import Settings
from entrypoints.ioc import make_container
from entrypoints.runtime import Servers, servers

NAME = "chat"
HELP = "talk with the assistant in this terminal (offline unless OPENAI_API_KEY is set)"
QUIT = frozenset({"/quit", "/exit", "/q"})
_PAGE = 100

log = logging.getLogger(__name__)

_GREETING = {
    Language.EN: (
        "Health Tracker chat ({mode}). Tell me what you ate (“2 eggs and a banana”), ask "
        "(“how much today?”), “undo”, “make it 150 g”. /quit to leave."
    ),
    Language.UK: (
        "Чат Health Tracker ({mode}). Напишіть, що ви з'їли («2 яйця і банан»), спитайте "
        "(«скільки сьогодні?»), «скасуй», «зроби 150 г». /quit — вийти."
    ),
}
_MODES = {
    (Language.EN, True): "smart mode: OpenAI",
    (Language.EN, False): "offline mode",
    (Language.UK, True): "розумний режим: OpenAI",
    (Language.UK, False): "офлайн-режим",
}
_FAILED = {
    Language.EN: "Something went wrong with that message; please try again.",
    Language.UK: "З цим повідомленням щось пішло не так; спробуйте ще раз.",
}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--language",
        choices=[language.value for language in Language],
        help="the language of a new local user (default: uk when LANG says so, else en)",
    )


def run(args: argparse.Namespace, settings: Settings) -> int | None:
    language = Language(args.language) if args.language else system_language()
    with servers(settings) as srv:
        apply_migrations(srv.database_url)
        asyncio.run(chat_session(settings, srv, language))
    return None


async def chat_session(settings: Settings, srv: Servers, language: Language) -> None:
    """The chat on stdin/stdout with its own container (the all-in-one launcher runs it too)."""
    container = make_container(settings, srv)
    try:
        await converse(container, sys.stdin, sys.stdout, language=language)
    finally:
        await container.close()


async def converse(
    container: AsyncContainer, lines: TextIO, out: TextIO, *, language: Language
) -> None:
    """Greet, then answer each line of `lines` on `out` until /quit or the end of input."""
    async with container() as request:
        uow = await request.get(UnitOfWork)
        user = await local_user(uow) or await create_local_user(
            uow, await request.get(Clock), await request.get(IdGenerator), language
        )
        smart = not isinstance(await request.get(Interpreter), OfflineInterpreter)
        await request.get(FoodCatalog)  # built or loaded now, not while the first meal waits
    _say(out, _GREETING[user.language].format(mode=_MODES[user.language, smart]))
    async for said in _messages(lines, out):
        _say(out, await _reply(container, user, said))


async def _messages(lines: TextIO, out: TextIO) -> AsyncIterator[str]:
    """The non-empty lines, until /quit or the end of input (a prompt only for a person)."""
    prompt = lines.isatty()
    while True:
        if prompt:
            out.write("> ")
            out.flush()
        line = await asyncio.to_thread(lines.readline)
        said = line.strip()
        if not line or said.lower() in QUIT:
            return
        if said:
            yield said


async def _reply(container: AsyncContainer, user: User, said: str) -> str:
    try:
        async with container() as request:
            handle = await request.get(HandleTextMessage)
            reply = await handle.execute(
                HandleTextMessageRequest(sender=Sender(user_id=user.id), text=said)
            )
    except (ApplicationError, DomainError) as error:
        log.warning("chat message failed", extra={"error": type(error).__name__})
        return _FAILED[user.language]
    return reply.text


async def local_user(uow: UnitOfWork) -> User | None:
    """The first user with no Telegram id, or None."""
    after: UserId | None = None
    async with uow:
        while page := await uow.users.page(after=after, limit=_PAGE):
            for user in page:
                if user.telegram_user_id is None:
                    return user
            after = page[-1].id
    return None


async def create_local_user(
    uow: UnitOfWork, clock: Clock, ids: IdGenerator, language: Language
) -> User:
    user = User(
        id=UserId(ids.next_id()), telegram_user_id=None, created_at=clock.now(), language=language
    )
    async with uow:
        await uow.users.add(user)
        await uow.commit()
    return user


def system_language() -> Language:
    locale = os.environ.get("LC_ALL") or os.environ.get("LANG") or ""
    return Language.UK if locale.lower().startswith("uk") else Language.EN


def _say(out: TextIO, text: str) -> None:
    out.write(f"{text}\n\n")
    out.flush()
