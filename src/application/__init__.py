"""Use cases and the ports (typing.Protocol) they need. Imports only `domain`."""
