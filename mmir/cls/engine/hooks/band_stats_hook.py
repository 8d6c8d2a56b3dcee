"""Band statistics of the training split for
:class:`MultiBandDataPreprocessor` (Tang et al., section 4.1: "standard
scaling applied across features"; Table 2: standard vs robust)."""

from __future__ import annotations

import hashlib
import json
import os.path as osp
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from mmengine.hooks import Hook
from mmengine.logging import print_log
from mmpretrain.registry import HOOKS

from mmir.datasets.multiband_arrays import MultiBandError
from mmir.utils.fileio import read_json, write_json_atomic

from ...datasets.multiband import read_sample

if TYPE_CHECKING:
    from mmengine.runner import Runner

VERSION = 1


def _innermost(dataset):
    """The datasets that hold samples (MMEngine wrappers unwrapped)."""
    if hasattr(dataset, 'datasets'):
        return [d for ds in dataset.datasets for d in _innermost(ds)]
    if hasattr(dataset, 'dataset') and not hasattr(dataset, 'load_bands'):
        return _innermost(dataset.dataset)
    return [dataset]


def compute_band_stats(
    infos: Sequence[dict], max_pixels: int = 4096, seed: int = 0
) -> dict[str, list[float]]:
    """Per-band statistics over the samples of ``infos`` (data infos of
    :class:`MultiBandDataset`).

    ``mean``/``std``: over every pixel of every sample (float64 sums).
    ``median``/``iqr`` (q75 - q25): over up to ``max_pixels`` pixels drawn
    per sample (seeded), so memory stays bounded on large sets.
    """
    rng = np.random.default_rng(seed)
    total = sq = None
    count = 0
    picks = []
    for info in infos:
        img = read_sample(info)
        flat = img.reshape(-1, img.shape[-1]).astype(np.float64)
        if not np.isfinite(flat).all():
            raise MultiBandError(
                f'{info["img_path"]} holds NaN or inf '
                'values; clean or fill them first'
            )
        total = flat.sum(0) if total is None else total + flat.sum(0)
        sq = (flat**2).sum(0) if sq is None else sq + (flat**2).sum(0)
        count += len(flat)
        n = min(max_pixels, len(flat))
        picks.append(flat[rng.choice(len(flat), n, replace=False)])
    if not count:
        raise MultiBandError(
            'band statistics need at least one training sample'
        )
    mean = total / count
    std = np.sqrt(np.maximum(sq / count - mean**2, 0))
    sample = np.concatenate(picks)
    q25, median, q75 = np.percentile(sample, [25, 50, 75], axis=0)
    return dict(
        mean=mean.tolist(),
        std=std.tolist(),
        median=median.tolist(),
        iqr=(q75 - q25).tolist(),
        num_samples=len(picks),
        num_pixels=int(count),
    )


def center_scale(stats: dict, scaling: str) -> tuple[np.ndarray, np.ndarray]:
    """``(center, scale)`` of a scaling; a zero scale becomes 1."""
    center, scale = (
        (stats['mean'], stats['std'])
        if scaling == 'standard'
        else (stats['median'], stats['iqr'])
    )
    scale = np.asarray(scale, np.float64)
    return np.asarray(center), np.where(scale > 1e-12, scale, 1.0)


@HOOKS.register_module()
class BandStatsHook(Hook):
    """Before training, compute the band statistics of the training
    dataloader's samples (after k-fold ``indices``; wrappers unwrapped)
    and set them in the model's :class:`MultiBandDataPreprocessor`.

    The statistics are cached in ``<data_root>/band_stats/<key>.json``
    (``key``: a hash of the sample paths, bands and settings; reused by
    later runs on the same split, written atomically, never overwriting
    another split's file) and copied to ``<work_dir>/band_stats.json``.
    """

    priority = 'VERY_HIGH'

    def __init__(
        self, max_pixels: int = 4096, seed: int = 0, cache: bool = True
    ) -> None:
        self.max_pixels, self.seed, self.cache = max_pixels, seed, cache

    def before_train(self, runner: Runner) -> None:
        from mmengine.model import is_model_wrapper

        model = (
            runner.model.module
            if is_model_wrapper(runner.model)
            else runner.model
        )
        pre = model.data_preprocessor
        if not hasattr(pre, 'set_stats'):
            raise TypeError(
                'BandStatsHook needs the model to use '
                'MultiBandDataPreprocessor, got '
                f'{type(pre).__name__}'
            )
        datasets = _innermost(runner.train_dataloader.dataset)
        infos = []
        for ds in datasets:
            ds.full_init()
            infos += [ds.get_data_info(i) for i in range(len(ds))]
        root = getattr(datasets[0], 'data_root', '')
        key_src = json.dumps(
            dict(
                version=VERSION,
                max_pixels=self.max_pixels,
                seed=self.seed,
                samples=sorted(i['img_path'] for i in infos),
                bands=[list(i['bands']) for i in infos[:1]],
            ),
            sort_keys=True,
        )
        key = hashlib.sha1(key_src.encode()).hexdigest()[:16]
        cache = (
            osp.join(root, 'band_stats', f'{key}.json')
            if self.cache and root
            else None
        )
        stats = read_json(cache) if cache else None
        if stats is None or stats.get('key') != key:
            stats = compute_band_stats(infos, self.max_pixels, self.seed)
            stats.update(key=key, bands=list(infos[0]['bands']))
            if cache:
                try:
                    write_json_atomic(stats, cache)
                except OSError as err:
                    print_log(
                        f'band statistics not cached ({err})', logger='current'
                    )
        write_json_atomic(stats, osp.join(runner.work_dir, 'band_stats.json'))
        if pre.scaling != 'none':
            pre.set_stats(*center_scale(stats, pre.scaling))
        print_log(
            f'band statistics of {stats["num_samples"]} training '
            f'samples ({pre.scaling} scaling)'
            + (f', cached in {cache}' if cache else ''),
            logger='current',
        )
