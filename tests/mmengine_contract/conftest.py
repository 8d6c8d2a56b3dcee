"""MMEngine's own tests as the contract of what mmir changes process-wide
(the local checkpoint loader, the weights_only allow-list, the distributed
set-up): the four test files here are MMEngine v0.10.7's, verbatim
(``tests/test_runner/test_checkpoint.py``, ``test_runner.py``,
``tests/test_hooks/test_checkpoint_hook.py``, ``test_ema_hook.py``;
Apache-2.0, (c) OpenMMLab), run with mmir imported, in a process of their own
(``tests/test_mmengine_contract.py``). Without mmir four of
them fail on torch 2.13 (weights_only); with it all pass.

``petrel_client`` (Ceph storage, not on PyPI) is a MagicMock, as
MMEngine's ``test_checkpoint_loader`` itself does: ``test_save_checkpoint``
patches ``PetrelBackend.put`` but needs the import to succeed.

A Runner names its logger, visualizer, message hub and default scope after
the second it was built in, and ``get_instance`` returns an existing
instance of that name. Two tests whose runners are built in the same second
therefore share a visualizer, and the second writes its ``vis_data`` into the
first test's deleted temporary folder (``FileNotFoundError``, seen in CI on a
loaded machine). Each test here forgets the instances it created, and every
runner is built "in the same second", so that this collision is met on every
run rather than now and then.
"""

import sys
import time
from unittest.mock import MagicMock

import pytest
from mmengine.logging import MessageHub, MMLogger
from mmengine.registry import DefaultScope
from mmengine.visualization import Visualizer

import mmir  # noqa: F401  (what is under test)

sys.modules.setdefault('petrel_client', MagicMock())

_PER_RUN = (Visualizer, MMLogger, MessageHub, DefaultScope)
_RUNNER_STAMP = '%Y%m%d_%H%M%S'


@pytest.fixture(autouse=True, scope='session')
def every_runner_in_the_same_second():
    """Pin the Runner's timestamp (``time.strftime(_RUNNER_STAMP, ...)``)."""
    strftime = time.strftime

    def pinned(fmt, *args):
        return (
            '20990101_000000' if fmt == _RUNNER_STAMP else strftime(fmt, *args)
        )

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(time, 'strftime', pinned)
        yield


@pytest.fixture(autouse=True)
def forget_instances_of_the_test():
    """Drop the named global instances a test created, once it is over."""
    before = {cls: set(cls._instance_dict) for cls in _PER_RUN}
    yield
    for cls in _PER_RUN:
        for name in set(cls._instance_dict) - before[cls]:
            instance = cls._instance_dict.pop(name)
            for handler in getattr(instance, 'handlers', ()):
                handler.close()
