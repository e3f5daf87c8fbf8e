"""The buttons under the bot's messages, as the `Messenger` port's `Button`s."""

from __future__ import annotations

from collections.abc import Sequence

from application.chat.reply import ButtonAction, ReplyButton
from application.connections.begin_connection import PROVIDER_NAMES
from application.ports.messenger import Button
from application.rendering.messages import text
from domain.ids import EntryId
from domain.meals.targets import ActivityLevel, Sex
from domain.users import Language, User
from entrypoints.bot.callbacks import (
    CallbackSigner,
    DisconnectButton,
    EntryAction,
    SettingsButton,
)

Rows = list[list[Button]]

_ACTIONS = {ButtonAction.UNDO: EntryAction.UNDO, ButtonAction.EDIT_GRAMS: EntryAction.EDIT_GRAMS}


def entry_buttons(
    buttons: Sequence[ReplyButton], signer: CallbackSigner, telegram_user_id: int
) -> Rows:
    """A use case's Undo / Edit grams buttons, signed for the user they answer."""
    row = [
        Button(
            label=b.label,
            data=signer.entry_button(telegram_user_id, _ACTIONS[b.action], b.entry_id).pack(),
        )
        for b in buttons
    ]
    return [row] if row else []


def entry_buttons_for(
    entry_id: EntryId, language: Language, signer: CallbackSigner, telegram_user_id: int
) -> Rows:
    """Undo / Edit grams for an entry the bot re-weighed itself."""
    pairs = ((ButtonAction.UNDO, "button.undo"), (ButtonAction.EDIT_GRAMS, "button.edit_grams"))
    buttons = [
        ReplyButton(label=text(language, key), action=action, entry_id=entry_id)
        for action, key in pairs
    ]
    return entry_buttons(buttons, signer, telegram_user_id)


def item_buttons(
    names: Sequence[str], entry_id: int, signer: CallbackSigner, telegram_user_id: int
) -> Rows:
    """One button per food of an entry, to pick the one to re-weigh."""
    return [
        [
            Button(
                label=name[:60],
                data=signer.entry_button(
                    telegram_user_id, EntryAction.PICK_ITEM, entry_id, index
                ).pack(),
            )
        ]
        for index, name in enumerate(names)
    ]


def _setting(label: str, menu: str, value: str = "") -> Button:
    return Button(label=label, data=SettingsButton(menu=menu, value=value).pack())


def settings_menu(language: Language) -> Rows:
    return [
        [
            _setting(text(language, "button.language"), "lang"),
            _setting(text(language, "button.timezone"), "tz"),
        ],
        [
            _setting(text(language, "button.targets"), "targets"),
            _setting(text(language, "button.briefings"), "brief"),
        ],
    ]


def language_menu() -> Rows:
    return [[_setting("Українська", "lang", "uk"), _setting("English", "lang", "en")]]


def targets_menu(language: Language) -> Rows:
    return [
        [_setting(text(language, "button.targets_enter"), "targets", "enter")],
        [_setting(text(language, "button.targets_compute"), "targets", "body")],
    ]


def sex_menu(language: Language) -> Rows:
    return [[_setting(text(language, f"sex.{sex.value}"), "sex", sex.value) for sex in Sex]]


def activity_menu(language: Language) -> Rows:
    return [
        [_setting(text(language, f"activity.{level.value}"), "act", level.value)]
        for level in ActivityLevel
    ]


def briefings_menu(user: User) -> Rows:
    language, briefings = user.language, user.briefings

    def mark(on: bool) -> str:
        return "✅" if on else "❌"

    morning = text(
        language,
        "button.briefing_morning",
        mark=mark(briefings.morning),
        time=briefings.morning_at.strftime("%H:%M"),
    )
    evening = text(
        language,
        "button.briefing_evening",
        mark=mark(briefings.evening),
        time=briefings.evening_at.strftime("%H:%M"),
    )
    weekly = text(language, "button.briefing_weekly", mark=mark(briefings.weekly))
    return [
        [_setting(morning, "toggle", "morning")],
        [_setting(evening, "toggle", "evening")],
        [_setting(weekly, "toggle", "weekly")],
        [_setting(text(language, "button.briefing_times"), "times")],
    ]


def delete_menu(language: Language, signer: CallbackSigner, telegram_user_id: int) -> Rows:
    yes = signer.delete_button(telegram_user_id, confirmed=True).pack()
    no = signer.delete_button(telegram_user_id, confirmed=False).pack()
    return [
        [Button(label=text(language, "button.delete_yes"), data=yes)],
        [Button(label=text(language, "button.delete_no"), data=no)],
    ]


def disconnect_menu() -> Rows:
    return [
        [
            Button(label=name, data=DisconnectButton(provider=provider.value).pack())
            for provider, name in PROVIDER_NAMES.items()
        ]
    ]
