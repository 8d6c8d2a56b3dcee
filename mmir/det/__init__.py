"""mmir modules registered into mmdet's registries.

Configs load them with
``custom_imports = dict(imports=['mmir.det'], allow_failed_imports=False)``
and keep ``default_scope = 'mmdet'``.
"""

from .datasets import *  # noqa: F401,F403
from .evaluation import *  # noqa: F401,F403
from .models import *  # noqa: F401,F403
