"""A Lua script whose calls made in the same turn of the event loop reach Redis together.

Under load the Telegram webhook serves dozens of requests at once, each ending in one script
call. Sent one by one, every call pays its own round trip and system calls (on a busy host that
was most of a request's cost); sent together, a batch pays once. A lone call waits for nothing:
the batch goes out on the loop's next turn.

The batch is written as raw RESP on one pooled connection: redis-py's generic command packing
cost more per call than everything else the webhook does with Redis.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import ResponseError

Arg = str | int | bytes
_Call = tuple[Sequence[Arg], Sequence[Arg], "asyncio.Future[Any]"]


def _bulk(value: Arg) -> bytes:
    data = value if isinstance(value, bytes) else str(value).encode()
    return b"$%d\r\n%b\r\n" % (len(data), data)


class BatchedScript:
    def __init__(self, redis: Redis, source: str) -> None:
        self._redis = redis
        self._head = _bulk("EVAL") + _bulk(source)  # EVAL: nothing to reload after a restart
        self._pending: list[_Call] = []
        self._flushing: set[asyncio.Task[None]] = set()

    async def __call__(self, *, keys: Sequence[Arg], args: Sequence[Arg]) -> Any:
        """The script's result; its error, or the batch's connection error, is raised."""
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[Any] = loop.create_future()
        if not self._pending:
            loop.call_soon(self._flush)
        self._pending.append((keys, args, answer))
        return await answer

    def _flush(self) -> None:
        batch, self._pending = self._pending, []
        task = asyncio.create_task(self._run(batch))
        self._flushing.add(task)  # held until done: the loop keeps only weak references
        task.add_done_callback(self._flushing.discard)

    def _command(self, keys: Sequence[Arg], args: Sequence[Arg]) -> bytes:
        parts = [_bulk(len(keys)), *map(_bulk, keys), *map(_bulk, args)]
        return b"*%d\r\n%b%b" % (len(parts) + 2, self._head, b"".join(parts))

    async def _run(self, batch: list[_Call]) -> None:
        try:
            results = await self._send(
                b"".join(self._command(k, a) for k, a, _ in batch), len(batch)
            )
        except BaseException as error:  # every caller of the batch hears of it
            for _, _, answer in batch:
                if not answer.done():
                    answer.set_exception(error)
            if not isinstance(error, Exception):
                raise
            return
        for (_, _, answer), result in zip(batch, results, strict=True):
            if answer.done():  # its caller was cancelled
                continue
            if isinstance(result, Exception):
                answer.set_exception(result)
            else:
                answer.set_result(result)

    async def _send(self, payload: bytes, replies: int) -> list[Any]:
        pool = self._redis.connection_pool
        connection = await pool.get_connection()
        try:
            await connection.send_packed_command(payload)
            results: list[Any] = []
            for _ in range(replies):
                try:
                    results.append(await connection.read_response())
                except ResponseError as error:  # this call's error; the others stand
                    results.append(error)
        except BaseException:
            # A reply may be half read: the connection cannot be trusted with another command.
            await connection.disconnect()
            raise
        finally:
            await pool.release(connection)
        return results
