"""What the WHOOP and FatSecret linking routes share: the plain bilingual pages a person sees in
the browser, and the end of a callback (complete the link, tell the user in Telegram, say so).

Until the state is checked we do not know whose browser this is, so error pages speak both
languages; the final page speaks the user's.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from typing import Annotated

from litestar import MediaType, Response
from litestar.params import QueryParameter
from litestar.status_codes import (
    HTTP_200_OK,
    HTTP_302_FOUND,
    HTTP_400_BAD_REQUEST,
    HTTP_503_SERVICE_UNAVAILABLE,
)

from application.connections.complete_connection import (
    CompleteConnection,
    CompleteConnectionRequest,
)
from application.errors import CredentialsRejectedError, GatewayError
from application.ports.messenger import Messenger
from domain.errors import ConnectionStateError
from domain.users import Language

log = logging.getLogger(__name__)

# `state` is a name Litestar reserves for the app state: read under another.
State = Annotated[str, QueryParameter(name="state", max_length=256)]

_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: sans-serif; max-width: 32em; margin: 3em auto; line-height: 1.5">
{paragraphs}
</body></html>
"""
_DONE_HINT = {
    Language.UK: "Можна закрити цю сторінку й повернутися в Telegram.",
    Language.EN: "You can close this page and go back to Telegram.",
}


def to_consent_page(url: str) -> Response[str]:
    """The redirect to a provider's consent page, never cached (its URL holds a one-time state)."""
    return Response(
        "", status_code=HTTP_302_FOUND, headers={"Location": url, "Cache-Control": "no-store"}
    )


@dataclass(frozen=True, slots=True)
class LinkPages:
    """The pages of one provider's linking routes (`name` as users know it, the bot command)."""

    name: str
    command: str

    def page(self, *paragraphs: str, status: int) -> Response[str]:
        body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        return Response(
            _PAGE.format(title=html.escape(self.name), paragraphs=body),
            status_code=status,
            media_type=MediaType.HTML,
            headers={"Cache-Control": "no-store"},
        )

    def invalid(self) -> Response[str]:
        return self.page(
            "Це посилання вже не дійсне: воно застаріло, ним уже скористалися або його не "
            f"видавали. Попросіть у бота нове командою {self.command}.",
            "This link is no longer valid: it expired, was already used, or was never issued. "
            f"Ask the bot for a new one with {self.command}.",
            status=HTTP_400_BAD_REQUEST,
        )

    def refused(self) -> Response[str]:
        return self.page(
            f"{self.name} не підтвердив підключення, тож нічого не змінилося. "
            f"Спробуйте ще раз: {self.command}.",
            f"{self.name} did not confirm the link, so nothing changed. "
            f"Try again with {self.command}.",
            status=HTTP_400_BAD_REQUEST,
        )

    def unavailable(self) -> Response[str]:
        return self.page(
            f"{self.name} зараз не відповідає. Спробуйте ще раз за кілька хвилин: {self.command}.",
            f"{self.name} is not answering right now. "
            f"Try again in a few minutes with {self.command}.",
            status=HTTP_503_SERVICE_UNAVAILABLE,
        )

    async def finish(
        self,
        complete: CompleteConnection,
        messenger: Messenger,
        request: CompleteConnectionRequest,
    ) -> Response[str]:
        """Complete the link, tell the user in Telegram (best effort: the page says it too)."""
        try:
            done = await complete.execute(request)
        except ConnectionStateError:
            return self.invalid()
        except CredentialsRejectedError:
            return self.refused()
        except GatewayError:
            log.warning("link callback: the provider did not answer", extra={"provider": self.name})
            return self.unavailable()
        if done.telegram_user_id is not None:
            try:
                await messenger.send_text(done.telegram_user_id, done.reply)
            except GatewayError:  # linked all the same; the page says so
                log.warning("link callback: could not tell the user in Telegram")
        return self.page(done.reply, _DONE_HINT[done.language], status=HTTP_200_OK)
