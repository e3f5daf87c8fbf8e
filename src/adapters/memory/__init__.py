"""In-memory implementations of every port: stores with real commit / rollback semantics and
deterministic fakes of every gateway — enough to run the whole application in a test or a
notebook, with no server at all."""
