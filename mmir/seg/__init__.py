"""mmir modules registered into mmseg's registries.

Configs load them with
``custom_imports = dict(imports=['mmir.seg'], allow_failed_imports=False)``
and keep ``default_scope = 'mmseg'``.
"""

from .datasets import *  # noqa: F401,F403
from .engine import *  # noqa: F401,F403
from .evaluation import *  # noqa: F401,F403
from .models import *  # noqa: F401,F403
