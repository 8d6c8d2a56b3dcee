"""Training-set wrappers of Kim & Kwon, Appl. Sci. 2025: negatives
duplicated to balance the classes (section 2.1, the "duplicated train set")
and inpainted copies of the positives as extra negatives (section 3.3, the
"inpainting-augmented train set" and the spurious-feature test set)."""

from __future__ import annotations

import copy
import os.path as osp
from typing import TYPE_CHECKING

import numpy as np
from mmengine.dataset import force_full_init
from mmpretrain.registry import DATASETS

if TYPE_CHECKING:
    from mmengine.dataset import BaseDataset


def _build(dataset):
    return DATASETS.build(dataset) if isinstance(dataset, dict) else dataset


def _label(info):
    return int(np.asarray(info['gt_label']).reshape(-1)[0])


class _Wrapper:
    """What MMEngine's wrappers share: lazy init, metainfo, get_data_info,
    ``__getitem__`` through the wrapped dataset's pipeline."""

    def __init__(self, dataset, lazy_init: bool = False) -> None:
        self.dataset = _build(dataset)
        self._metainfo = self.dataset.metainfo
        self._fully_initialized = False
        if not lazy_init:
            self.full_init()

    @property
    def metainfo(self):
        return copy.deepcopy(self._metainfo)

    def full_init(self) -> None:
        if self._fully_initialized:
            return
        self.dataset.full_init()
        self._entries = self._make_entries()
        self._fully_initialized = True

    @force_full_init
    def __len__(self):
        return len(self._entries)

    @force_full_init
    def get_data_info(self, idx):
        src, override = self._entries[idx]
        info = self.dataset.get_data_info(src)
        if override:
            info = copy.deepcopy(info)
            info.update(override)
        return info

    def __getitem__(self, idx):
        if not self._fully_initialized:
            self.full_init()
        src, override = self._entries[idx]
        if not override:
            return self.dataset[src]
        return self.dataset.pipeline(self.get_data_info(idx))

    @force_full_init
    def get_cat_ids(self, idx):
        return [_label(self.get_data_info(idx))]


@DATASETS.register_module()
class DuplicateBalancedDataset(_Wrapper):
    """Repeat the samples of the smaller classes until every class has as
    many samples as the largest one (paper section 2.1: negatives are
    duplicated to match the positives, in training only).

    A class of ``n`` samples brought to ``n_max`` repeats each sample
    ``n_max // n`` times and ``n_max % n`` of them (chosen with ``seed``)
    once more. The order is: all original samples, then the copies.

    Unlike MMEngine's ``ClassBalancedDataset`` (repeat factor
    ``max(1, sqrt(t / f))``, which also repeats a majority class whenever
    the threshold lifts a minority to equal counts), the class counts come
    out exactly equal and the majority class is left alone.
    """

    def __init__(
        self,
        dataset: BaseDataset | dict,
        seed: int = 0,
        lazy_init: bool = False,
    ) -> None:
        self.seed = seed
        super().__init__(dataset, lazy_init)

    def _make_entries(self):
        labels = np.array(
            [
                _label(self.dataset.get_data_info(i))
                for i in range(len(self.dataset))
            ],
            dtype=int,
        )
        entries = [(i, None) for i in range(len(labels))]
        if not len(labels):
            return entries
        counts = np.bincount(labels)
        n_max = counts.max()
        rng = np.random.default_rng(self.seed)
        for cls in np.flatnonzero((counts > 0) & (counts < n_max)):
            idx = np.flatnonzero(labels == cls)
            extra = np.r_[
                np.tile(idx, n_max // len(idx) - 1),
                rng.choice(idx, n_max % len(idx), replace=False),
            ]
            entries += [(int(i), None) for i in np.sort(extra)]
        return entries


def read_inpainted_pairs(path: str, data_root: str = '') -> dict[str, str]:
    """``{source image path: inpainted image path}`` from a pairs file of
    ``tools/dataset_converters/inpaint_boxes.py`` (``<inpainted> <source>``
    per line, relative to ``data_root``)."""
    pairs = {}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            parts = line.split()
            if len(parts) != 2:
                raise ValueError(
                    f'{path}:{n}: expected "<inpainted image> '
                    f'<source image>", got {line.strip()!r}'
                )
            inpainted, source = (osp.join(data_root, p) for p in parts)
            pairs[osp.normpath(source)] = osp.normpath(inpainted)
    return pairs


@DATASETS.register_module()
class InpaintedNegativesDataset(_Wrapper):
    """The positives of ``dataset`` that have an inpainted copy (their
    boxes filled in, so the target is gone) contribute that copy as a
    negative sample (paper section 3.3).

    ``mode='augment'``: the wrapped samples plus the copies (the
    "inpainting-augmented train set"). ``mode='only'``: the copies alone,
    the spurious-feature evaluation set: every positive prediction on it is
    a false positive (paper Tables 4, 6, 8).

    Only the wrapped dataset's own samples are looked up, so with a k-fold
    subset (``indices``) a fold trains on the copies of its training
    positives only, and its test copies are never trained on.

    Args:
        dataset: the wrapped dataset (config or object).
        pairs_file (str): ``<inpainted> <source>`` lines, relative to the
            wrapped dataset's ``data_root`` (as is the file itself unless
            absolute).
        mode (str): ``'augment'`` or ``'only'``.
        negative_label (int): label of the copies. Defaults to 0.
    """

    def __init__(
        self,
        dataset: BaseDataset | dict,
        pairs_file: str,
        mode: str = 'augment',
        negative_label: int = 0,
        positive_label: int = 1,
        lazy_init: bool = False,
    ):
        if mode not in ('augment', 'only'):
            raise ValueError(f"mode must be 'augment' or 'only', got {mode!r}")
        self.pairs_file = pairs_file
        self.mode = mode
        self.negative_label = negative_label
        self.positive_label = positive_label
        super().__init__(dataset, lazy_init)

    def _make_entries(self):
        root = getattr(self.dataset, 'data_root', '') or ''
        path = (
            self.pairs_file
            if osp.isabs(self.pairs_file)
            else osp.join(root, self.pairs_file)
        )
        if not osp.isfile(path):
            raise FileNotFoundError(
                f'InpaintedNegativesDataset: pairs_file {path} not found; '
                'make it with tools/dataset_converters/inpaint_boxes.py'
            )
        pairs = read_inpainted_pairs(path, root)
        entries = (
            []
            if self.mode == 'only'
            else [(i, None) for i in range(len(self.dataset))]
        )
        for i in range(len(self.dataset)):
            info = self.dataset.get_data_info(i)
            target = pairs.get(osp.normpath(info.get('img_path', '')))
            if target and _label(info) == self.positive_label:
                entries.append(
                    (
                        i,
                        dict(
                            img_path=target,
                            gt_label=self.negative_label,
                            inpainted_from=info['img_path'],
                        ),
                    )
                )
        return entries
