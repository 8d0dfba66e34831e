"""How the contract tests get an in-memory adapter: nothing to start or clean."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def provide(build: Callable[[], object]) -> Iterator[object]:
    yield build()
