from .checkpoint import (
    CheckpointLoadError,
    apply_checkpoint_patch,
    load_from_local_safe,
    register_safe_globals,
)
from .config_check import (
    ConfigCheckError,
    check_data_paths,
    load_config,
    override_data_root,
)

__all__ = [
    'CheckpointLoadError',
    'apply_checkpoint_patch',
    'load_from_local_safe',
    'register_safe_globals',
    'ConfigCheckError',
    'check_data_paths',
    'load_config',
    'override_data_root',
]
