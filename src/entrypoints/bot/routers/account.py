"""The user's account: links to WHOOP and FatSecret, their data out (/export) and gone
(/delete, after a confirmation only they can press)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from dishka.integrations.aiogram import FromDishka, inject

from adapters.telegram.messenger import TelegramMessenger
from application.connections.begin_connection import (
    PROVIDER_NAMES,
    BeginConnection,
    BeginConnectionRequest,
)
from application.connections.disconnect import Disconnect, DisconnectRequest
from application.errors import ServiceUnavailableError
from application.ports.authorizer import Authorizers
from application.rendering.messages import text
from application.users.delete_user import DeleteUser, DeleteUserRequest
from application.users.export_user_data import ExportUserData, ExportUserDataRequest
from application.users.register_user import RegisterUser
from domain.connections import Provider
from domain.users import language_from_telegram
from entrypoints.bot.callbacks import CallbackSigner, DeleteButton, DisconnectButton
from entrypoints.bot.keyboards import delete_menu, disconnect_menu
from entrypoints.bot.people import author, user_of
from entrypoints.bot.routers.buttons import message_of


def router() -> Router:
    account = Router(name="account")
    account.message.register(export_data, Command("export"))
    account.message.register(ask_to_delete, Command("delete"))
    account.callback_query.register(delete_or_not, DeleteButton.filter())
    account.message.register(connect, Command("connect_whoop", "connect_fatsecret"))
    account.message.register(ask_what_to_disconnect, Command("disconnect"))
    account.callback_query.register(disconnect, DisconnectButton.filter())
    return account


@inject
async def export_data(
    message: Message,
    *,
    register: FromDishka[RegisterUser],
    export: FromDishka[ExportUserData],
    messenger: FromDishka[TelegramMessenger],
) -> None:
    user = await user_of(register, author(message))
    async with messenger.typing(message.chat.id, "upload_document"):
        exported = await export.execute(ExportUserDataRequest(user_id=user.id))
        await messenger.send_document(
            message.chat.id,
            filename=exported.filename,
            content=exported.content,
            caption=exported.caption,
        )


@inject
async def ask_to_delete(
    message: Message,
    *,
    register: FromDishka[RegisterUser],
    signer: FromDishka[CallbackSigner],
    messenger: FromDishka[TelegramMessenger],
) -> None:
    person = author(message)
    user = await user_of(register, person)
    buttons = delete_menu(user.language, signer, person.id)
    await messenger.send_text(
        message.chat.id, text(user.language, "bot.delete_confirm"), buttons=buttons
    )


@inject
async def delete_or_not(
    query: CallbackQuery,
    *,
    callback_data: DeleteButton,
    state: FSMContext,
    register: FromDishka[RegisterUser],
    delete: FromDishka[DeleteUser],
    signer: FromDishka[CallbackSigner],
    messenger: FromDishka[TelegramMessenger],
) -> None:
    person = query.from_user
    language = language_from_telegram(person.language_code)
    if not signer.verify_delete(callback_data, person.id):
        await messenger.answer_callback(
            query.id, text(language, "bot.button_not_yours"), alert=True
        )
        return
    await messenger.answer_callback(query.id)
    chat_id, message_id = message_of(query)
    user = await user_of(register, person)
    if callback_data.confirmed:
        await state.clear()
        reply = (await delete.execute(DeleteUserRequest(user_id=user.id))).reply
    else:
        reply = text(user.language, "bot.delete_cancelled")
    if message_id is None:
        await messenger.send_text(chat_id, reply)
    else:
        await messenger.edit_text(chat_id, message_id, reply)


@inject
async def connect(
    message: Message,
    *,
    command: CommandObject,
    register: FromDishka[RegisterUser],
    begin: FromDishka[BeginConnection],
    authorizers: FromDishka[Authorizers],
    messenger: FromDishka[TelegramMessenger],
) -> None:
    provider = Provider.WHOOP if command.command == "connect_whoop" else Provider.FATSECRET
    user = await user_of(register, author(message))
    name = PROVIDER_NAMES[provider]
    if provider not in authorizers:
        reply = text(user.language, "bot.connect_not_set_up", provider=name)
    else:
        try:
            request = BeginConnectionRequest(user_id=user.id, provider=provider)
            reply = (await begin.execute(request)).reply
        except ServiceUnavailableError:
            reply = text(user.language, "bot.connect_unavailable", provider=name)
    await messenger.send_text(message.chat.id, reply)


@inject
async def ask_what_to_disconnect(
    message: Message,
    *,
    register: FromDishka[RegisterUser],
    messenger: FromDishka[TelegramMessenger],
) -> None:
    user = await user_of(register, author(message))
    await messenger.send_text(
        message.chat.id, text(user.language, "bot.disconnect_menu"), buttons=disconnect_menu()
    )


@inject
async def disconnect(
    query: CallbackQuery,
    *,
    callback_data: DisconnectButton,
    register: FromDishka[RegisterUser],
    unlink: FromDishka[Disconnect],
    messenger: FromDishka[TelegramMessenger],
) -> None:
    await messenger.answer_callback(query.id)
    user = await user_of(register, query.from_user)
    try:
        provider = Provider(callback_data.provider)
    except ValueError:
        return  # a forged button: nothing to do
    reply = (await unlink.execute(DisconnectRequest(user_id=user.id, provider=provider))).reply
    chat_id, message_id = message_of(query)
    if message_id is None:
        await messenger.send_text(chat_id, reply)
    else:
        await messenger.edit_text(chat_id, message_id, reply)
