"""mmir modules registered into mmpretrain's registries.

Configs load them with
``custom_imports = dict(imports=['mmir.cls'], allow_failed_imports=False)``
and keep ``default_scope = 'mmpretrain'``.
"""

from .datasets import *  # noqa: F401,F403
from .engine import *  # noqa: F401,F403
from .evaluation import *  # noqa: F401,F403
from .models import *  # noqa: F401,F403
