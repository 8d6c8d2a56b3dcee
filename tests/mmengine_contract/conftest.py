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
"""

import sys
from unittest.mock import MagicMock

import mmir  # noqa: F401  (what is under test)

sys.modules.setdefault('petrel_client', MagicMock())
