"""The fake Telegram Bot API answers like Telegram, over raw HTTP and through aiogram's client."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError, TelegramRetryAfter
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup, Update
from litestar import Litestar, Request, post

from tests.fakes.telegram import FakeTelegram, ManualClock, RateLimits, running_telegram
from tests.fakes.telegram.formatting import EntityParseError, parse_html
from tests.support.http import serve

SPEC = Path(__file__).resolve().parents[1] / "specs" / "telegram" / "bot-api.json"
KEYBOARD = {"inline_keyboard": [[{"text": "Undo", "callback_data": "undo:1"}]]}


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture(scope="module")
def served() -> Iterator[FakeTelegram]:
    with running_telegram() as fake:
        yield fake


@pytest.fixture
def tg(served: FakeTelegram, clock: ManualClock) -> FakeTelegram:
    served.reset(clock=clock, wall_clock=clock)
    return served


class Api:
    """Bot API calls over one keep-alive connection, as a bot would make them."""

    def __init__(self, tg: FakeTelegram, http: httpx.Client) -> None:
        self.tg = tg
        self.http = http

    def call(self, method: str, **params: Any) -> tuple[int, dict[str, Any]]:
        response = self.http.post(f"{self.tg.api_url}/{method}", json=params)
        return response.status_code, response.json()

    def error(self, method: str, **params: Any) -> str:
        """The description of a refused call."""
        status, body = self.call(method, **params)
        assert status == body["error_code"] != 200, body
        return str(body["description"])


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    with httpx.Client() as client:
        yield client


@pytest.fixture
def api(tg: FakeTelegram, http: httpx.Client) -> Api:
    return Api(tg, http)


# -- transport ------------------------------------------------------------------------------


def test_a_method_accepts_query_form_json_and_any_letter_case(tg: FakeTelegram) -> None:
    user = tg.updates.user()
    by_query = httpx.get(f"{tg.api_url}/sendMessage", params={"chat_id": user.id, "text": "a"})
    by_form = httpx.post(f"{tg.api_url}/SENDMESSAGE", data={"chat_id": user.id, "text": "b"})
    by_json = httpx.post(f"{tg.api_url}/sendmessage", json={"chat_id": user.id, "text": "c"})

    assert [r.status_code for r in (by_query, by_form, by_json)] == [200, 200, 200]
    assert [m["text"] for m in tg.sent_messages(user.id)] == ["a", "b", "c"]
    assert [c.method for c in tg.calls()] == ["sendMessage"] * 3


def test_a_wrong_token_is_unauthorized_and_an_unknown_method_not_found(tg: FakeTelegram) -> None:
    wrong = httpx.post(f"{tg.base_url}/bot42:not-our-token/getMe")
    unknown = httpx.post(f"{tg.api_url}/sendTelepathy")
    odd_path = httpx.get(f"{tg.base_url}/nothing/here/at/all")

    assert (wrong.status_code, wrong.json()) == (
        401,
        {"ok": False, "error_code": 401, "description": "Unauthorized"},
    )
    assert (unknown.status_code, unknown.json()["description"]) == (404, "Not Found")
    assert (odd_path.status_code, odd_path.json()["description"]) == (404, "Not Found")


def test_get_me_describes_the_bot_of_the_token(tg: FakeTelegram, api: Api) -> None:
    status, body = api.call("getMe")

    assert status == 200
    assert body["ok"] is True
    assert body["result"]["id"] == tg.bot_id == int(tg.token.split(":")[0])
    assert body["result"]["is_bot"] is True


# -- sendMessage ----------------------------------------------------------------------------


def test_html_becomes_text_and_entities_with_utf16_offsets(tg: FakeTelegram, api: Api) -> None:
    user = tg.updates.user()
    status, body = api.call(
        "sendMessage", chat_id=user.id, text="🍳 <b>2 eggs</b> &amp; bread", parse_mode="HTML"
    )

    assert status == 200
    message = body["result"]
    assert message["text"] == "🍳 2 eggs & bread"
    assert message["entities"] == [{"type": "bold", "offset": 3, "length": 6}]
    assert message["chat"]["id"] == user.id
    assert tg.sent_messages(user.id) == [message]


def test_malformed_html_is_refused_with_telegrams_words(tg: FakeTelegram, api: Api) -> None:
    user = tg.updates.user()

    unclosed = api.error("sendMessage", chat_id=user.id, text="<b>bold", parse_mode="HTML")
    bare_lt = api.error("sendMessage", chat_id=user.id, text="1 < 2", parse_mode="HTML")

    assert unclosed == (
        "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\""
    )
    assert (
        bare_lt == 'Bad Request: can\'t parse entities: Unsupported start tag "" at byte offset 2'
    )
    assert tg.sent_messages(user.id) == []


@pytest.mark.parametrize(
    ("markup", "text", "entities"),
    [
        ("🏟 🏟<i>🏟 &lt🏟</i>", "🏟 🏟🏟 <🏟", [("italic", 5, 6)]),
        (
            "<i><b> </b> <code> </code></i>",
            "   ",
            [("italic", 0, 3), ("bold", 0, 1), ("code", 2, 1)],
        ),
        ('<pre><code class="language-py">x</code></pre>', "x", [("pre", 0, 1)]),
        ('<a href="telegram.org">t</a>', "t", [("text_link", 0, 1)]),
        ("<a>telegram.org </a>", "telegram.org ", []),
        (
            '<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>',
            "st",
            [("spoiler", 0, 1), ("spoiler", 1, 1)],
        ),
        ("&ge;&lt;&gt;&amp;&quot;&#12345678;", '&ge;<>&"&#12345678;', []),
        ("<blockquote expandable>q</blockquote>", "q", [("expandable_blockquote", 0, 1)]),
        ("<i>a</ >", "a", [("italic", 0, 1)]),
    ],
)
def test_html_parse_matches_tdlib(
    markup: str, text: str, entities: list[tuple[str, int, int]]
) -> None:
    parsed_text, parsed = parse_html(markup)

    assert parsed_text == text
    assert [(e["type"], e["offset"], e["length"]) for e in parsed] == entities


@pytest.mark.parametrize(
    ("markup", "error"),
    [
        ("🏟 🏟&lt;<abacaba", "Unclosed start tag at byte offset 13"),
        ("🏟 🏟&lt;<abac aba>", 'Unsupported start tag "abac" at byte offset 13'),
        ("🏟 🏟&lt;<i   =aba>", 'Empty attribute name in the tag "i" at byte offset 13'),
        ("🏟 🏟&lt;<i    aba  =  ", 'Unclosed start tag "i" at byte offset 13'),
        ("🏟 🏟&lt;<i    aba  =  190azAz-.,", "Unexpected end of name token at byte offset 27"),
        ('🏟 🏟&lt;<i    aba  =  "&lt;&gt;&quot;>', "Unclosed start tag at byte offset 13"),
        ("🏟 🏟&lt;<b></b></", "Unexpected end tag at byte offset 20"),
        ("🏟 🏟&lt;<i>a</i   ", "Unclosed end tag at byte offset 17"),
        (
            "🏟 🏟&lt;<i>a</em   >",
            'Unmatched end tag at byte offset 17, expected "</i>", found "</em>"',
        ),
        (
            "&#xDFDF;",
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units",
        ),
    ],
)
def test_html_errors_match_tdlib(markup: str, error: str) -> None:
    with pytest.raises(EntityParseError) as raised:
        parse_html(markup)

    assert str(raised.value) == error


def test_text_is_limited_to_4096_characters_after_parsing(tg: FakeTelegram, api: Api) -> None:
    user = tg.updates.user()
    longest = "<b>" + "я" * 4096 + "</b>"

    status, _ = api.call("sendMessage", chat_id=user.id, text=longest, parse_mode="HTML")
    too_long = api.error("sendMessage", chat_id=user.id, text="я" * 4097)
    empty = api.error("sendMessage", chat_id=user.id, text=" <i> </i> ", parse_mode="HTML")

    assert status == 200
    assert too_long == "Bad Request: message is too long"
    assert empty == "Bad Request: message text is empty"


def test_inline_keyboards_are_checked_button_by_button(tg: FakeTelegram, api: Api) -> None:
    user = tg.updates.user()

    def keyboard(button: dict[str, Any]) -> str:
        return api.error(
            "sendMessage",
            chat_id=user.id,
            text="x",
            reply_markup={"inline_keyboard": [[button]]},
        )

    longest_data = "ї" * 32  # 64 bytes in UTF-8
    status, body = api.call(
        "sendMessage",
        chat_id=user.id,
        text="ok",
        reply_markup=json.dumps(
            {"inline_keyboard": [[{"text": "A", "callback_data": longest_data}]]}
        ),
    )

    assert status == 200
    assert body["result"]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == longest_data
    assert (
        keyboard({"text": "A", "callback_data": longest_data + "x"})
        == "Bad Request: BUTTON_DATA_INVALID"
    )
    assert keyboard({"text": "A", "callback_data": ""}) == "Bad Request: BUTTON_DATA_INVALID"
    assert keyboard({"text": "A"}) == (
        "Bad Request: can't parse inline keyboard button: "
        "Text buttons are unallowed in the inline keyboard"
    )
    assert keyboard({"text": "A", "url": "not a url"}) == "Bad Request: BUTTON_URL_INVALID"


def test_a_chat_the_bot_never_met_is_not_found(tg: FakeTelegram, api: Api) -> None:
    assert api.error("sendMessage", chat_id=123, text="hi") == "Bad Request: chat not found"


# -- edits, callbacks, chat actions -----------------------------------------------------------


def test_edit_message_text_changes_the_sent_message(tg: FakeTelegram, api: Api) -> None:
    user = tg.updates.user()
    _, sent = api.call("sendMessage", chat_id=user.id, text="old", reply_markup=KEYBOARD)
    message_id = sent["result"]["message_id"]

    status, edited = api.call(
        "editMessageText",
        chat_id=user.id,
        message_id=message_id,
        text="<i>new</i>",
        parse_mode="HTML",
    )

    assert status == 200
    assert edited["result"]["text"] == "new"
    assert "reply_markup" not in edited["result"]  # an edit without reply_markup drops the keyboard
    assert tg.sent_messages(user.id) == [edited["result"]]
    assert api.error(
        "editMessageText",
        chat_id=user.id,
        message_id=message_id,
        text="<i>new</i>",
        parse_mode="HTML",
    ).startswith("Bad Request: message is not modified")
    assert api.error("editMessageText", chat_id=user.id, message_id=999, text="x") == (
        "Bad Request: message to edit not found"
    )


def test_the_bot_cannot_edit_what_the_user_wrote(tg: FakeTelegram, api: Api) -> None:
    update = tg.updates.text("2 eggs")
    chat_id = update["message"]["chat"]["id"]

    assert (
        api.error(
            "editMessageText",
            chat_id=chat_id,
            message_id=update["message"]["message_id"],
            text="x",
        )
        == "Bad Request: message can't be edited"
    )


def test_edit_message_reply_markup_replaces_or_removes_the_keyboard(
    tg: FakeTelegram, api: Api
) -> None:
    user = tg.updates.user()
    _, sent = api.call("sendMessage", chat_id=user.id, text="Logged", reply_markup=KEYBOARD)
    message_id = sent["result"]["message_id"]
    other = {"inline_keyboard": [[{"text": "Edit grams", "callback_data": "edit:1"}]]}

    _, replaced = api.call(
        "editMessageReplyMarkup", chat_id=user.id, message_id=message_id, reply_markup=other
    )
    _, removed = api.call("editMessageReplyMarkup", chat_id=user.id, message_id=message_id)

    assert replaced["result"]["reply_markup"] == other
    assert "reply_markup" not in removed["result"]
    assert removed["result"]["text"] == "Logged"


def test_a_callback_query_is_answered_once(tg: FakeTelegram, api: Api) -> None:
    user = tg.updates.user()
    _, sent = api.call("sendMessage", chat_id=user.id, text="Logged", reply_markup=KEYBOARD)
    update = tg.updates.callback("undo:1", message=sent["result"], user=user)
    query_id = update["callback_query"]["id"]

    first, _ = api.call("answerCallbackQuery", callback_query_id=query_id, text="Undone")
    again = api.error("answerCallbackQuery", callback_query_id=query_id)

    assert first == 200
    assert (
        again == "Bad Request: query is too old and response timeout expired or query ID is invalid"
    )
    assert [a["text"] for a in tg.callback_answers()] == ["Undone"]
    assert update["callback_query"]["message"] == sent["result"]


def test_chat_actions_are_recorded_and_checked(tg: FakeTelegram, api: Api) -> None:
    user = tg.updates.user()

    status, _ = api.call("sendChatAction", chat_id=user.id, action="typing")
    wrong = api.error("sendChatAction", chat_id=user.id, action="dancing")

    assert status == 200
    assert wrong == "Bad Request: wrong parameter action in request"
    assert tg.chat_actions(user.id) == ["typing"]


# -- limits and refusals ----------------------------------------------------------------------


def test_flooding_one_chat_gets_429_with_retry_after(
    tg: FakeTelegram, api: Api, clock: ManualClock
) -> None:
    user = tg.updates.user()
    burst = [api.call("sendMessage", chat_id=user.id, text=f"m{i}")[0] for i in range(3)]

    status, body = api.call("sendMessage", chat_id=user.id, text="one too many")
    clock.advance(1)
    after_waiting, _ = api.call("sendMessage", chat_id=user.id, text="later")

    assert burst == [200, 200, 200]
    assert (status, body) == (
        429,
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 1",
            "parameters": {"retry_after": 1},
        },
    )
    assert after_waiting == 200
    assert [m["text"] for m in tg.sent_messages(user.id)] == ["m0", "m1", "m2", "later"]


def test_more_than_30_messages_a_second_overall_gets_429(tg: FakeTelegram, api: Api) -> None:
    users = [tg.updates.user() for _ in range(31)]

    statuses = [api.call("sendMessage", chat_id=u.id, text="briefing")[0] for u in users]

    assert statuses == [200] * 30 + [429]


def test_a_group_gets_20_messages_a_minute(tg: FakeTelegram, api: Api) -> None:
    tg.reset(rate_limits=RateLimits(per_chat_per_second=100, per_chat_burst=100))
    group = tg.updates.group()

    statuses = [api.call("sendMessage", chat_id=group.id, text="hi") for _ in range(21)]

    assert [status for status, _ in statuses] == [200] * 20 + [429]
    assert statuses[-1][1]["parameters"] == {"retry_after": 3}  # 20 a minute: one per 3 s


def test_forced_429s_hit_the_next_calls_of_the_chosen_methods(tg: FakeTelegram, api: Api) -> None:
    user = tg.updates.user()
    tg.throttle_next(2, retry_after=7, methods=["sendMessage"])

    action, _ = api.call("sendChatAction", chat_id=user.id, action="typing")
    first, body = api.call("sendMessage", chat_id=user.id, text="a")
    second, _ = api.call("sendMessage", chat_id=user.id, text="b")
    third, _ = api.call("sendMessage", chat_id=user.id, text="c")

    assert (action, first, second, third) == (200, 429, 429, 200)
    assert body["parameters"] == {"retry_after": 7}


def test_a_user_who_blocked_the_bot_is_forbidden(tg: FakeTelegram, api: Api) -> None:
    user = tg.updates.user()
    tg.block(user.id)

    blocked = api.error("sendMessage", chat_id=user.id, text="Good morning")
    tg.unblock(user.id)
    status, _ = api.call("sendMessage", chat_id=user.id, text="Good morning")

    assert blocked == "Forbidden: bot was blocked by the user"
    assert status == 200


def test_after_leaving_a_group_the_bot_cannot_post_there(tg: FakeTelegram, api: Api) -> None:
    update = tg.updates.group_text("hello bot")
    group_id = update["message"]["chat"]["id"]
    private = tg.updates.user()

    status, _ = api.call("leaveChat", chat_id=group_id)

    assert status == 200
    assert api.error("sendMessage", chat_id=group_id, text="x") == (
        "Forbidden: bot is not a member of the group chat"
    )
    assert api.error("leaveChat", chat_id=private.id).startswith("Bad Request:")


# -- files ----------------------------------------------------------------------------------------


def test_a_voice_note_is_fetched_with_get_file_and_downloaded(tg: FakeTelegram, api: Api) -> None:
    update = tg.updates.voice(b"OggS voice bytes", duration=3)
    voice = update["message"]["voice"]

    status, body = api.call("getFile", file_id=voice["file_id"])
    download = httpx.get(f"{tg.base_url}/file/bot{tg.token}/{body['result']['file_path']}")

    assert status == 200
    assert body["result"]["file_path"] == "voice/file_0.oga"
    assert body["result"]["file_size"] == voice["file_size"] == len(b"OggS voice bytes")
    assert download.content == b"OggS voice bytes"


def test_files_over_20_mb_cannot_be_fetched(tg: FakeTelegram, api: Api) -> None:
    big = tg.add_voice(b"OggS", size=50 * 1024 * 1024)

    assert api.error("getFile", file_id=big.file_id) == "Bad Request: file is too big"
    assert api.error("getFile", file_id="nonsense") == "Bad Request: invalid file_id"
    missing = httpx.get(f"{tg.base_url}/file/bot{tg.token}/voice/file_99.oga")
    assert missing.status_code == 404


def test_send_document_keeps_the_uploaded_bytes_and_name(tg: FakeTelegram, api: Api) -> None:
    user = tg.updates.user()
    response = httpx.post(
        f"{tg.api_url}/sendDocument",
        data={"chat_id": str(user.id), "caption": "Your export", "document": "attach://export"},
        files={"export": ("meals.csv", b"date,kcal\n2026-01-01,1800\n", "text/csv")},
    )

    document = response.json()["result"]["document"]
    (sent,) = tg.documents(user.id)
    assert response.status_code == 200
    assert (sent.file_name, sent.content, sent.caption) == (
        "meals.csv",
        b"date,kcal\n2026-01-01,1800\n",
        "Your export",
    )
    assert (document["file_name"], document["mime_type"]) == ("meals.csv", "text/csv")
    assert api.call("getFile", file_id=document["file_id"])[1]["result"]["file_path"].startswith(
        "documents/"
    )


# -- webhook and commands ---------------------------------------------------------------------


def test_set_webhook_checks_the_secret_and_the_url(tg: FakeTelegram, api: Api) -> None:
    url = "https://bot.example.org/telegram/webhook"
    bad_secret = api.error("setWebhook", url=url, secret_token="no spaces allowed")
    plain_http = api.error("setWebhook", url="http://bot.example.org/hook")

    status, body = api.call(
        "setWebhook",
        url=url,
        secret_token="s3cret_-X",
        allowed_updates=["message", "callback_query"],
    )
    _, info = api.call("getWebhookInfo")

    assert bad_secret.startswith("Bad Request:")
    assert plain_http == "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
    assert (status, body["description"]) == (200, "Webhook was set")
    assert info["result"]["url"] == url
    assert info["result"]["allowed_updates"] == ["message", "callback_query"]
    assert tg.webhook.secret_token == "s3cret_-X"
    assert api.call("deleteWebhook")[1]["description"] == "Webhook was deleted"
    assert tg.webhook.url == ""


def test_commands_are_kept_per_language(tg: FakeTelegram, api: Api) -> None:
    english = [{"command": "today", "description": "What I ate today"}]
    ukrainian = [{"command": "today", "description": "Що я з'їв сьогодні"}]

    api.call("setMyCommands", commands=english)
    api.call("setMyCommands", commands=ukrainian, language_code="uk")
    invalid = api.error("setMyCommands", commands=[{"command": "Today!", "description": "x"}])

    assert tg.commands() == english
    assert tg.commands("uk") == ukrainian
    assert api.call("getMyCommands", language_code="uk")[1]["result"] == ukrainian
    assert invalid == "Bad Request: BOT_COMMAND_INVALID"


# -- updates ------------------------------------------------------------------------------------


def _sample_updates(api: Api) -> list[dict[str, Any]]:
    tg = api.tg
    user = tg.updates.user("Taras", language_code="uk")
    _, sent = api.call("sendMessage", chat_id=user.id, text="Logged", reply_markup=KEYBOARD)
    return [
        tg.updates.text("/start", user=user),
        tg.updates.text("2 яйця і банан", user=user),
        tg.updates.voice(user=user),
        tg.updates.callback("undo:1", message=sent["result"], user=user),
        tg.updates.group_text("hi all"),
        tg.updates.edited_text("3 eggs", user=user),
        tg.updates.sticker(user=user),
        tg.updates.location(50.45, 30.52, user=user),
        tg.updates.document(b"hello", user=user),
    ]


def test_built_updates_read_like_telegrams(api: Api) -> None:
    updates = _sample_updates(api)

    parsed = [Update.model_validate(update) for update in updates]  # aiogram reads each
    start, text, voice, callback, group, edited, sticker, location, document = parsed
    ids = [u.update_id for u in parsed]
    assert len(set(ids)) == len(ids)
    assert start.message is not None
    assert start.message.entities is not None
    assert (start.message.entities[0].type, start.message.entities[0].length) == ("bot_command", 6)
    assert text.message is not None
    assert text.message.from_user is not None
    assert text.message.from_user.language_code == "uk"
    assert text.message.message_id == start.message.message_id + 1
    assert voice.message is not None
    assert voice.message.voice is not None
    assert callback.callback_query is not None
    assert callback.callback_query.data == "undo:1"
    assert group.message is not None
    assert group.message.chat.type == "group"
    assert edited.edited_message is not None
    assert edited.edited_message.edit_date is not None
    assert sticker.message is not None
    assert sticker.message.sticker is not None
    assert location.message is not None
    assert location.message.location is not None
    assert document.message is not None
    assert document.message.document is not None


def test_built_updates_have_every_field_the_spec_requires(api: Api) -> None:
    types = json.loads(SPEC.read_text())["types"]
    checked: list[str] = []

    def check(value: Any, kind: str) -> None:
        if "subtypes" in types[kind]:  # e.g. MaybeInaccessibleMessage: a Message here
            kind = types[kind]["subtypes"][0]
        fields = {f["name"]: f for f in types[kind].get("fields", [])}
        missing = [name for name, f in fields.items() if f["required"] and name not in value]
        assert not missing, f"{kind} lacks {missing}: {value}"
        assert set(value) <= set(fields), f"{kind} has fields Telegram does not: {value}"
        checked.append(kind)
        for name, item in value.items():
            nested = [t for t in fields[name]["types"] if t in types]
            if nested and isinstance(item, dict):
                check(item, nested[0])

    for update in _sample_updates(api):
        check(update, "Update")

    assert {"Message", "User", "Chat", "Voice", "CallbackQuery", "Sticker", "Location"} <= set(
        checked
    )


async def test_deliver_posts_to_the_webhook_with_the_secret_and_allowed_updates(
    tg: FakeTelegram, api: Api
) -> None:
    received: list[tuple[str | None, dict[str, Any]]] = []

    @post("/telegram/webhook", status_code=200)
    async def webhook(request: Request[Any, Any, Any]) -> None:
        received.append(
            (request.headers.get("x-telegram-bot-api-secret-token"), await request.json())
        )

    tg.reset(strict_webhook_urls=False)  # the test's webhook is plain HTTP on a random port
    async with serve(Litestar([webhook])) as bot_url:
        api.call(
            "setWebhook",
            url=f"{bot_url}/telegram/webhook",
            secret_token="s3cret",
            allowed_updates=["message"],
        )
        update = tg.updates.text("hi")
        response = await tg.deliver(update)
        user_id = update["message"]["from"]["id"]
        _, sent = api.call("sendMessage", chat_id=user_id, text="x", reply_markup=KEYBOARD)
        skipped = await tg.deliver(tg.updates.callback("undo:1", message=sent["result"]))

    assert response is not None
    assert response.status_code == 200
    assert received == [("s3cret", update)]
    assert skipped is None


# -- through aiogram ------------------------------------------------------------------------------


@pytest.fixture
async def bot(tg: FakeTelegram) -> AsyncIterator[Bot]:
    session = AiohttpSession(api=TelegramAPIServer.from_base(tg.base_url))
    async with Bot(tg.token, session=session) as real_bot:
        yield real_bot


async def test_aiogram_sends_a_message_with_an_inline_keyboard(tg: FakeTelegram, bot: Bot) -> None:
    user = tg.updates.user()
    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Undo", callback_data="undo:7")]]
    )

    message = await bot.send_message(
        user.id, "<b>2 eggs</b> — 143 kcal", parse_mode="HTML", reply_markup=keyboard
    )

    assert message.text == "2 eggs — 143 kcal"
    assert tg.last_message(user.id)["reply_markup"] == {
        "inline_keyboard": [[{"text": "Undo", "callback_data": "undo:7"}]]
    }
    assert tg.calls("sendMessage")[0].params["parse_mode"] == "HTML"


async def test_aiogram_downloads_a_voice_note_and_uploads_a_document(
    tg: FakeTelegram, bot: Bot
) -> None:
    user = tg.updates.user()
    voice = tg.updates.voice(b"OggS fake opus", user=user)["message"]["voice"]

    file = await bot.get_file(voice["file_id"])
    downloaded = await bot.download_file(file.file_path or "")
    document = BufferedInputFile(b'{"meals": []}', filename="export.json")
    sent = await bot.send_document(user.id, document, caption="Export")

    assert file.file_path == "voice/file_0.oga"
    assert downloaded is not None
    assert downloaded.read() == b"OggS fake opus"
    assert sent.document is not None
    assert sent.document.file_name == "export.json"
    assert [(d.file_name, d.content) for d in tg.documents(user.id)] == [
        ("export.json", b'{"meals": []}')
    ]


async def test_aiogram_sees_telegrams_errors(tg: FakeTelegram, bot: Bot) -> None:
    user = tg.updates.user()
    for index in range(3):
        await bot.send_message(user.id, f"burst {index}")

    with pytest.raises(TelegramRetryAfter) as flood:
        await bot.send_message(user.id, "one too many")
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await bot.send_message(user.id, "<b>unclosed", parse_mode="HTML")
    tg.block(user.id)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_chat_action(user.id, "typing")

    assert flood.value.retry_after == 1
