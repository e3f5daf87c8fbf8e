"""Local fakes of the outside services (WHOOP, FatSecret, Telegram, OpenAI), served over real HTTP.

Each follows the published contract in ../shared/specs/ and records what it received.
"""
