"""The HTTP app runs without the bot: its messages become jobs, and the worker sends them.

The HTTP side is the product's own container made as `serve` makes it (`bot=False`); the
sending side is the real worker (burst mode) on the product's container, against the fake
Telegram over HTTP."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from adapters.telegram.queued_messenger import QueuedMessenger
from application.ports.messenger import Button, Messenger
from entrypoints.ioc import make_container
from entrypoints.runtime import Servers
from tests.fakes.telegram import FakeTelegram
from tests.worker.support import arq_client, drain_queues, worker_env, worker_settings_for

ROOT = Path(__file__).resolve().parents[2]


async def run_worker_once(tg: FakeTelegram, database_url: str, redis_url: str) -> None:
    settings = worker_settings_for(database_url, redis_url, tg.base_url, tg.token)
    await drain_queues(make_container(settings, Servers(database_url, redis_url)), redis_url)


async def queue_from_http_side(
    tg: FakeTelegram, database_url: str, redis_url: str, *messages: tuple[str, int]
) -> None:
    settings = worker_settings_for(database_url, redis_url, tg.base_url, tg.token)
    http_side = make_container(settings, Servers(database_url, redis_url), bot=False)
    try:
        messenger = await http_side.get(Messenger)
        assert isinstance(messenger, QueuedMessenger)
        for kind, chat in messages:
            if kind == "text":
                buttons = [[Button(label="Undo", data="u:1")]]
                await messenger.send_text(chat, "Linked: WHOOP ✓", buttons=buttons)
            else:
                await messenger.send_document(
                    chat, filename="export.json", content=b'{"a": 1}', caption="Your data"
                )
    finally:
        await http_side.close()


async def test_a_message_queued_by_the_http_app_reaches_telegram_through_the_worker(
    tg: FakeTelegram, database_url: str, redis_url: str
) -> None:
    olena = tg.updates.user("Olena")
    await queue_from_http_side(
        tg, database_url, redis_url, ("text", olena.id), ("document", olena.id)
    )
    assert tg.calls("sendMessage") == []  # nothing is sent by the HTTP side itself

    await run_worker_once(tg, database_url, redis_url)

    [text, _document] = tg.sent_messages(olena.id)
    assert text["text"] == "Linked: WHOOP ✓"
    [[button]] = text["reply_markup"]["inline_keyboard"]
    assert button["text"] == "Undo"
    [upload] = tg.documents(olena.id)
    assert (upload.content, upload.file_name, upload.caption) == (
        b'{"a": 1}',
        "export.json",
        "Your data",
    )
    # Sent once: the jobs are done, a second worker run finds nothing to send.
    await run_worker_once(tg, database_url, redis_url)
    assert len(tg.sent_messages(olena.id)) == 2


async def test_a_queued_message_to_a_user_who_blocked_the_bot_is_dropped_not_retried(
    tg: FakeTelegram, database_url: str, redis_url: str
) -> None:
    ivan = tg.updates.user("Ivan")
    tg.block(ivan.id)
    await queue_from_http_side(tg, database_url, redis_url, ("text", ivan.id))

    await run_worker_once(tg, database_url, redis_url)

    assert tg.sent_messages(ivan.id) == []
    arq = await arq_client(redis_url)
    try:
        assert await arq.zcard("arq:queue") == 0  # dropped, not waiting for a retry
    finally:
        await arq.aclose()


def test_the_http_app_is_built_without_the_telegram_client_or_the_openai_sdk(
    database_url: str, redis_url: str
) -> None:
    """What keeps `serve` small and quick to start (the footprint benchmark measures it)."""
    env = {
        **os.environ,
        **worker_env(database_url, redis_url, "http://127.0.0.1:9", "123:abc"),
        "OPENAI_API_KEY": "sk-test",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from entrypoints.commands._http import http_server\n"
        "from entrypoints.config import load_settings\n"
        "from entrypoints.runtime import Servers\n"
        "s = load_settings(dotenv=Path('/nonexistent/.env'))\n"
        "server = http_server(s, Servers(s.DATABASE_URL, s.REDIS_URL))\n"
        "assert server.config.app is not None\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'aiogram', 'openai'}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
