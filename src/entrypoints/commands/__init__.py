"""One module per `health-tracker` subcommand; `entrypoints/cli.py` lists them.

A command module defines `NAME`, `HELP`, `configure(parser)` (its arguments) and
`run(args, settings) -> int | None`. Failures the user can fix raise `StartupError`,
`ConfigError` or `EmbeddedServerError` with a one-line message.
"""
