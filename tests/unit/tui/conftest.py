from __future__ import annotations

import sys
from pathlib import Path

import pytest

# The fakes live beside the snapshot app so pilot tests and snapshots share them.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from snapshot_app import fake_services  # noqa: E402


@pytest.fixture
def services_and_world(tmp_path):
    return fake_services(tmp_path)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run ``async def`` pilot tests on a fresh event loop without an extra pytest plugin."""
    import asyncio
    import inspect

    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True
