"""One end-to-end run of the product over its HTTP routes and its use cases: link WHOOP and
FatSecret through the browser redirects, a signed WHOOP webhook (and a forged one), a meal typed
and a meal spoken. Returns the secrets the run handled, for scans of logs and responses."""

from __future__ import annotations

import httpx

from application.chat.handle_text_message import HandleTextMessage, HandleTextMessageRequest
from application.chat.handle_voice_message import HandleVoiceMessage, HandleVoiceMessageRequest
from application.connections.begin_connection import BeginConnection, BeginConnectionRequest
from application.ports.connections import ProviderCredentials
from application.ports.unit_of_work import UnitOfWork
from application.users.register_user import RegisterUser, RegisterUserRequest, Sender
from domain.connections import Provider as Service
from domain.ids import UserId
from tests.fakes.fatsecret import FatSecretFake
from tests.fakes.openai_api import FakeOpenAI
from tests.fakes.whoop import WhoopFake
from tests.ops.site import PUBLIC, Site

TELEGRAM_ID = 4242
MEAL_TEXT = "I ate 2 eggs and a banana"
SPOKEN_MEAL = "Porridge with blueberries and walnuts"
VOICE = b"OggS-seeded-voice-bytes"


async def _link(site: Site, service: Service, user_id: UserId, browser: httpx.AsyncClient) -> None:
    async with site.container() as request:
        begun = await (await request.get(BeginConnection)).execute(
            BeginConnectionRequest(user_id=user_id, provider=service)
        )
    url = begun.url
    # Follow the redirects by hand: our routes, the fake's consent page, back to our callback.
    for _ in range(4):
        response = await browser.get(url.replace(PUBLIC, site.url))
        if response.status_code != 302:
            break
        url = response.headers["location"]
    assert response.status_code == 200, response.text


async def run_journey(
    site: Site, whoop: WhoopFake, fatsecret: FatSecretFake, openai: FakeOpenAI
) -> list[str]:
    sender = Sender(telegram_user_id=TELEGRAM_ID, language_code="en")
    async with site.container() as request:
        user = (
            await (await request.get(RegisterUser)).execute(RegisterUserRequest(sender=sender))
        ).user

    member = whoop.add_user()
    whoop.generate_history(member.user_id, days=2)
    whoop.sign_in(member.user_id)
    account = fatsecret.add_user()
    fatsecret.sign_in(account)
    async with httpx.AsyncClient(timeout=10) as browser:
        await _link(site, Service.WHOOP, user.id, browser)
        await _link(site, Service.FATSECRET, user.id, browser)

    _, sleep, _ = whoop.add_night(member.user_id, scored=True)
    webhook = whoop.webhook(member.user_id, sleep.id, "sleep.updated")
    signed = await whoop.asend_webhook(f"{site.url}/whoop/webhook", webhook)
    forged = await whoop.asend_webhook(
        f"{site.url}/whoop/webhook", webhook.with_signature("Zm9yZ2Vk")
    )
    assert (signed.status_code, forged.status_code) == (204, 401)

    openai.set_default_transcript(SPOKEN_MEAL)
    async with site.container() as request:
        typed = await (await request.get(HandleTextMessage)).execute(
            HandleTextMessageRequest(sender=sender, text=MEAL_TEXT, event_key="ops:text:1")
        )
    async with site.container() as request:
        spoken = await (await request.get(HandleVoiceMessage)).execute(
            HandleVoiceMessageRequest(sender=sender, audio=VOICE, event_key="ops:voice:1")
        )
    assert typed.text and spoken.transcript == SPOKEN_MEAL

    async with site.container() as request:
        uow = await request.get(UnitOfWork)
        async with uow:
            whoop_tokens = await uow.connections.credentials(user.id, Service.WHOOP)
            diary_tokens = await uow.connections.credentials(user.id, Service.FATSECRET)
    assert whoop_tokens is not None and diary_tokens is not None
    return [
        *_secret_values(whoop_tokens),
        *_secret_values(diary_tokens),
        MEAL_TEXT,
        SPOKEN_MEAL,
    ]


def _secret_values(credentials: ProviderCredentials) -> list[str]:
    found = (credentials.access_token, credentials.refresh_token, credentials.token_secret)
    return [value for value in found if value]
