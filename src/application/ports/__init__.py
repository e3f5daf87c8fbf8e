"""The ports the use cases need, as `typing.Protocol`s; adapters implement them.

Each port's docstring is its contract, including what happens on failure. Stores are only used
inside a `UnitOfWork` (`async with uow:`) and see that unit's uncommitted writes. Every store
method raises `ServiceUnavailableError` when the storage cannot be reached, the domain errors its
docstring names, and nothing else: driver exceptions never cross into the application.
"""
