"""Bad data found during a run: one line naming the file, or a skipped
sample.

:class:`GuardedDataset` wraps any dataset of mmdet, mmseg or mmpretrain (the
train and test entry points wrap every loader's dataset with it). An
annotation file that cannot be read while the dataset is built, and a
sample whose loading or pipeline fails (corrupt image, wrong band count,
mask of another size, NaN/Inf inputs, ...), raise :class:`DataError` naming
the file, the sample and what went wrong. The entry points print it as one
line and exit with code 2, also when it happens in a dataloader worker.

A dataset config may add ``skip_bad_samples=True`` (training sets only):
a bad sample is then replaced by the next good one, one warning line names
it, it is appended to ``<work_dir>/skipped_samples.txt``, and the run stops
with a :class:`DataError` once more than ``max_bad_fraction`` (default
0.01) of the dataset is bad.
"""

from __future__ import annotations

import json
import os
import os.path as osp
import sys
from typing import Any

import torch
from mmengine.dataset import BaseDataset
from mmengine.registry import DATASETS

from mmir.datasets.annotation_checks import (
    coco_lists_problem,
    instance_box_problem,
)
from mmir.datasets.image_files import (
    JPEG_SUFFIXES,
    jpeg_is_complete,
    read_image,
)
from mmir.utils.config_check import (
    ConfigCheckError,
    DataError,
    innermost_dataset,
)

__all__ = ['DataError', 'GuardedDataset', 'guard_loaders', 'one_line']

GUARD_KEYS = ('skip_bad_samples', 'max_bad_fraction')
_TRACEBACK_MARK = 'Original Traceback'


def one_line(err: BaseException) -> str:
    """The message of ``err`` without the traceback PyTorch's dataloader
    adds when it re-raises a worker's exception in the main process."""
    text = str(err)
    if _TRACEBACK_MARK not in text:
        return text
    last = [line for line in text.splitlines() if line.strip()][-1]
    name = type(err).__name__
    head, sep, rest = last.partition(f'{name}: ')
    return rest if sep else last


def _last_line(err: BaseException) -> str:
    text = one_line(err).strip().splitlines()
    text = text[-1] if text else ''
    if any(  # mmcv, cv2, PIL on a file they cannot decode
        s in text
        for s in ('failed to load image', 'imdecode', 'cannot identify image')
    ):
        return 'not a readable image (corrupt, truncated or empty file?)'
    return f'{type(err).__name__}: {text}'.rstrip(': ')


def _paths(info: Any) -> list[str]:
    """The file paths of a data info (``img_path``, ``seg_map_path``,
    ``frame_paths``, ...)."""
    if not isinstance(info, dict):
        return []
    out = []
    for key, value in info.items():
        if not key.endswith(('_path', '_paths')):
            continue
        values = value if isinstance(value, (list, tuple)) else [value]
        out += [str(v) for v in values if isinstance(v, str)]
    return list(dict.fromkeys(out))


_IMAGE_SUFFIXES = ('.png', '.tif', '.tiff', '.bmp') + JPEG_SUFFIXES


def _unreadable(paths: list[str]) -> list[str]:
    """Which of ``paths`` are missing, empty, images that cannot be read
    (:func:`~mmir.datasets.image_files.read_image`) or arrays that cannot
    be loaded (:func:`~mmir.datasets.multiband_arrays.load_array`): the
    culprits of a failed sample."""
    from mmir.datasets.multiband_arrays import H5_SUFFIXES, load_array

    bad = []
    for path in paths:
        try:
            if path.lower().endswith(_IMAGE_SUFFIXES):
                read_image(path)
            elif '::' in path or path.lower().endswith(
                ('.npy',) + H5_SUFFIXES
            ):
                load_array(path)
            elif not osp.isfile(path) or osp.getsize(path) == 0:
                bad.append(path)
        except (DataError, FileNotFoundError):
            bad.append(path)
    return bad


def _mask_mismatch(results: Any) -> str | None:
    """A segmentation mask whose size is neither the image's size after the
    pipeline nor its original size (mmseg would crop or score it wrongly)."""
    samples = (
        results.get('data_samples') if isinstance(results, dict) else None
    )
    seg = getattr(samples, 'gt_sem_seg', None)
    if seg is None:
        return None
    mask = tuple(seg.data.shape[-2:])
    sizes = {
        tuple(samples.metainfo[k][:2])
        for k in ('img_shape', 'ori_shape')
        if k in samples.metainfo
    }
    if sizes and mask not in sizes:
        return (
            f'its mask is {mask[0]}x{mask[1]}, the image '
            f'{" / ".join(f"{h}x{w}" for h, w in sorted(sizes))} (h x w)'
        )
    return None


def _non_finite(results: Any) -> str | None:
    """Name of a floating input holding NaN or Inf, else None."""
    inputs = results.get('inputs') if isinstance(results, dict) else None
    items = inputs if isinstance(inputs, (list, tuple)) else [inputs]
    for item in items:
        if (
            isinstance(item, torch.Tensor)
            and item.is_floating_point()
            and not torch.isfinite(item).all()
        ):
            return 'inputs'
    return None


@DATASETS.register_module()
class GuardedDataset:
    """``dataset`` (a config or a dataset) with clear errors for bad data
    and optional skipping of bad samples (see the module docstring).

    Args:
        dataset (dict | BaseDataset): the wrapped dataset; its config may
            hold ``skip_bad_samples`` and ``max_bad_fraction``.
        skipped_file (str, optional): where skipped samples are listed.
    """

    def __init__(
        self,
        dataset: dict | BaseDataset,
        skip_bad_samples: bool = False,
        max_bad_fraction: float = 0.01,
        skipped_file: str | None = None,
    ) -> None:
        if isinstance(dataset, dict):
            dataset, keys = _pop_guard_keys(dataset)
            skip_bad_samples = keys.get('skip_bad_samples', skip_bad_samples)
            max_bad_fraction = keys.get('max_bad_fraction', max_bad_fraction)
            self.source = _describe_cfg(dataset)
            try:
                dataset = DATASETS.build(dataset)
            except (KeyError, FileNotFoundError) as err:
                if isinstance(err, KeyError) and 'registry' in str(err):
                    raise  # an unknown type: the entry point explains it
                why = _coco_problem(dataset)
                raise DataError(
                    f'{self.source}: '
                    + (
                        f'cannot be read as the annotation file of this '
                        f'dataset: {why}'
                        if why
                        else _last_line(err)
                    )
                ) from err
            except ConfigCheckError:
                raise
            except Exception as err:
                why = _coco_problem(dataset) or _last_line(err)
                raise DataError(
                    f'{self.source}: cannot be read as the annotation file '
                    f'of this dataset: {why}'
                ) from err
        else:
            self.source = _describe_cfg(
                dict(
                    type=type(dataset).__name__,
                    ann_file=getattr(dataset, 'ann_file', ''),
                )
            )
        if not 0 <= max_bad_fraction < 1:
            raise DataError(
                f'{self.source}: max_bad_fraction must be in [0, 1), got '
                f'{max_bad_fraction}'
            )
        if skip_bad_samples and getattr(dataset, 'test_mode', False):
            raise DataError(
                f'{self.source}: skip_bad_samples is for training sets; a '
                'test set with a bad sample would be evaluated on fewer '
                'samples (fix or remove the sample)'
            )
        if not getattr(dataset, 'test_mode', False) and len(dataset) == 0:
            # an endless (InfiniteSampler) loop over no samples never ends
            raise DataError(
                f'{self.source}: no samples (an empty annotation file, or '
                'every sample filtered out); expected at least one'
            )
        self.dataset = dataset
        self.skip_bad_samples = bool(skip_bad_samples)
        self.max_bad_fraction = float(max_bad_fraction)
        self.skipped_file = skipped_file

    # what runners, samplers and evaluators read from a dataset
    @property
    def metainfo(self) -> dict:
        return self.dataset.metainfo

    def __len__(self) -> int:
        return len(self.dataset)

    def get_data_info(self, idx: int) -> dict:
        return self.dataset.get_data_info(idx)

    def full_init(self) -> None:
        if hasattr(self.dataset, 'full_init'):
            self.dataset.full_init()

    def __getattr__(self, name: str) -> Any:
        if name.startswith('__') or name == 'dataset':
            raise AttributeError(name)
        return getattr(self.dataset, name)

    def _sample_paths(self, idx: int) -> list[str]:
        try:
            return _paths(self.dataset.get_data_info(idx))
        except Exception:  # the data info itself is broken
            return []

    def describe(self, idx: int, failed: bool = False) -> str:
        """``<file(s)> (sample <idx> of <dataset>)``; after a failure the
        files that cannot be read come first (or alone)."""
        paths = self._sample_paths(idx)
        culprits = _unreadable(paths) if failed else []
        shown = culprits or paths
        where = ', '.join(shown[:4]) + (' ...' if len(shown) > 4 else '')
        return f'{where or "sample"} (sample {idx} of {self.source})'

    def _load(self, idx: int) -> Any:
        try:
            info = self.dataset.get_data_info(idx)
        except Exception:
            info = None  # loading the sample below names what is broken
        paths = _paths(info)
        problem = (
            instance_box_problem(info) if isinstance(info, dict) else None
        )
        if problem:
            raise DataError(f'{self.describe(idx)}: {problem}')
        try:
            results = self.dataset[idx]
        except DataError as err:  # already names its file: add the sample
            message = one_line(err)
            if message.startswith(tuple(paths)):
                raise DataError(
                    f'{message} (sample {idx} of {self.source})'
                ) from err
            where = self.describe(idx, failed=True)
            raise DataError(f'{where}: {message}') from err
        except Exception as err:
            where = self.describe(idx, failed=True)
            raise DataError(
                f'{where}: could not be loaded: {_last_line(err)}'
            ) from err
        truncated = [
            p
            for p in paths
            if p.lower().endswith(JPEG_SUFFIXES)
            and osp.isfile(p)
            and not jpeg_is_complete(p)
        ]
        if truncated:
            raise DataError(
                f'{truncated[0]} (sample {idx} of {self.source}): truncated '
                'JPEG (no end-of-image marker); expected a complete image'
            )
        bad = _non_finite(results)
        if bad:
            raise DataError(
                f'{self.describe(idx)}: its {bad} hold NaN or Inf values '
                '(expected finite numbers)'
            )
        mismatch = _mask_mismatch(results)
        if mismatch:
            raise DataError(
                f'{self.describe(idx)}: {mismatch}; expected the same size'
            )
        return results

    def __getitem__(self, idx: int) -> Any:
        if not self.skip_bad_samples:
            return self._load(idx)
        for step in range(len(self)):
            current = (idx + step) % len(self)
            try:
                return self._load(current)
            except DataError as err:
                self._skip(current, one_line(err))
        raise DataError(f'{self.source}: no sample could be loaded')

    def _skip(self, idx: int, message: str) -> None:
        print(f'warning: skipped bad sample: {message}', file=sys.stderr)
        bad = {idx}
        if self.skipped_file:
            os.makedirs(
                osp.dirname(osp.abspath(self.skipped_file)), exist_ok=True
            )
            with open(self.skipped_file, 'a', encoding='utf-8') as f:
                f.write(json.dumps(dict(index=idx, error=message)) + '\n')
            with open(self.skipped_file, encoding='utf-8') as f:
                bad |= {
                    json.loads(line)['index'] for line in f if line.strip()
                }
        limit = self.max_bad_fraction * len(self)
        if len(bad) > limit:
            where = (
                f' (listed in {self.skipped_file})'
                if self.skipped_file
                else ''
            )
            raise DataError(
                f'{self.source}: {len(bad)} of {len(self)} samples are bad, '
                f'more than max_bad_fraction={self.max_bad_fraction}{where}; '
                f'last: {message}'
            )


def _pop_guard_keys(cfg: dict) -> tuple[dict, dict]:
    """``cfg`` without :data:`GUARD_KEYS` at any level of its ``dataset``
    / ``datasets`` nesting (a wrapper's inner dataset may name them), and
    the keys found."""
    cfg, found = dict(cfg), {}
    for key in GUARD_KEYS:
        if key in cfg:
            found[key] = cfg.pop(key)
    if isinstance(cfg.get('dataset'), dict):
        cfg['dataset'], inner = _pop_guard_keys(cfg['dataset'])
        found = {**inner, **found}
    if isinstance(cfg.get('datasets'), (list, tuple)):
        parts = []
        for part in cfg['datasets']:
            if isinstance(part, dict):
                part, inner = _pop_guard_keys(part)
                found = {**inner, **found}
            parts.append(part)
        cfg['datasets'] = parts
    return cfg, found


def _ann_path(cfg: dict) -> str:
    """The annotation file of (the innermost dataset of) ``cfg``, joined
    to its ``data_root`` when relative; '' when it names none."""
    cfg = innermost_dataset(cfg)
    ann = cfg.get('ann_file') or ''
    root = cfg.get('data_root') or ''
    return osp.join(root, ann) if ann and root and not osp.isabs(ann) else ann


def _coco_problem(cfg: dict) -> str | None:
    """Why the JSON annotation file of ``cfg`` (after a failed build) is not
    a COCO file, or None. Files in MMEngine's own format (``data_list``)
    are not COCO and not judged."""
    ann = _ann_path(cfg)
    if not (ann.endswith('.json') and osp.isfile(ann)):
        return None
    try:
        with open(ann, encoding='utf-8') as f:
            data = json.load(f)
    except (ValueError, OSError):
        return None
    if not isinstance(data, dict) or 'data_list' in data:
        return None
    return coco_lists_problem(data)


def _describe_cfg(cfg: dict) -> str:
    ann = _ann_path(cfg)
    cfg = innermost_dataset(cfg)
    kind = cfg.get('type', 'dataset')
    kind = (
        kind if isinstance(kind, str) else getattr(kind, '__name__', 'dataset')
    )
    return (
        f'{ann} ({kind})'
        if ann
        else f'{kind} at {cfg.get("data_root") or "?"}'
    )


def guard_loaders(cfg: Any, loaders: tuple[str, ...], work_dir: str) -> None:
    """Wrap the dataset of each of ``cfg``'s ``loaders`` in
    :class:`GuardedDataset` (once), skipped samples listed in
    ``<work_dir>/skipped_samples.txt``."""
    for name in loaders:
        loader = cfg.get(name)
        if not loader or 'dataset' not in loader:
            continue
        dataset = loader['dataset']
        if (
            isinstance(dataset, dict)
            and dataset.get('type') == 'GuardedDataset'
        ):
            continue
        loader['dataset'] = dict(
            type='GuardedDataset',
            dataset=dataset,
            skipped_file=osp.join(work_dir, 'skipped_samples.txt'),
        )
