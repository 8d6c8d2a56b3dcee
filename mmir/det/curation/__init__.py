"""Dataset-side tools of the dim-small-target training strategy (Zhao et
al. 2024): label refinement by loss, annotation versions, hard examples
from trajectories."""

from .annotation_versions import apply_review, version_paths, write_new_version
from .hard_examples import (
    detect_sequences,
    merge_hard_examples,
    mine_candidates,
    mine_pool,
    oracle_review,
    pool_dataset,
    write_candidates_review,
)
from .label_loss import (
    auto_label_review,
    flag_losses,
    label_losses,
    loss_histogram_png,
    oracle_label_review,
    parse_threshold,
)
from .label_noise import corrupt_labels
from .review_crops import crop_around
from .trajectories import (
    TrackLinker,
    hard_example_candidates,
    link_tracks,
)

__all__ = [
    'apply_review',
    'version_paths',
    'write_new_version',
    'label_losses',
    'parse_threshold',
    'hard_example_candidates',
    'link_tracks',
    'TrackLinker',
    'detect_sequences',
    'merge_hard_examples',
    'mine_candidates',
    'oracle_review',
    'crop_around',
    'mine_pool',
    'pool_dataset',
    'write_candidates_review',
    'corrupt_labels',
    'oracle_label_review',
    'flag_losses',
    'auto_label_review',
    'loss_histogram_png',
]
