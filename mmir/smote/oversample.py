"""Offline SMOTE-SSIM of an annotated multi-band set: read the minority
arrays, synthesize (Tang et al., Algorithm 1) and write the synthetic arrays
with an annotation CSV of originals + synthetic samples. Used by
``tools/dataset_converters/smote_ssim.py`` and, per fold on the fold's
training part only, by the k-fold runner."""

from __future__ import annotations

import csv
import io
import os
import os.path as osp
import shutil
import time
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from mmir.datasets.multiband_arrays import load_array
from mmir.utils.fileio import atomic_output_dir

from .smote import smote_ssim, synthetic_counts

if TYPE_CHECKING:
    import torch

__all__ = ['SMOTEError', 'oversample_rows', 'csv_text']


class SMOTEError(ValueError):
    """The annotated set cannot be oversampled as asked."""


def csv_text(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator='\n')
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def _plain_smote(
    images: np.ndarray, counts: np.ndarray, k: int, seed: int
) -> tuple[np.ndarray, list]:
    """imbalanced-learn's SMOTE on the flattened minority ``images``
    ``(N, C, H, W)``: ``counts.sum()`` synthetic images ``(M, C, H, W)``
    and records ``(anchor, None, None)``. The anchors are not reported by
    imbalanced-learn; each record names the minority image nearest to the
    synthetic one (it lies on a segment from its anchor)."""
    from imblearn.over_sampling import SMOTE

    n = len(images)
    if n < 2:
        raise SMOTEError('plain SMOTE needs at least two minority images')
    flat = images.reshape(n, -1).astype(np.float64)
    total = int(counts.sum())
    # the majority rows do not enter SMOTE's neighbours or interpolation
    # (both within the minority class); one stands in for the class
    x = np.concatenate([flat, np.zeros((1, flat.shape[1]))])
    y = np.r_[np.ones(n, int), 0]
    smote = SMOTE(
        sampling_strategy={1: n + total},
        k_neighbors=min(k, n - 1),
        random_state=seed,
    )
    out, _ = smote.fit_resample(x, y)
    synth = out[n + 1 :].reshape(total, *images.shape[1:])
    synth = synth.astype(images.dtype)
    nearest = [
        int(((flat - s.reshape(1, -1)) ** 2).sum(1).argmin())
        for s in out[n + 1 :]
    ]
    return synth, [(a, None, None) for a in nearest]


def oversample_rows(
    rows: Sequence[dict],
    root: str,
    out_dir: str,
    path_prefix: str,
    source: str,
    n_syn: int | None = None,
    target_ratio: float = 1.0,
    k: int = 5,
    alpha: float = 2.0,
    beta: float = 2.0,
    clip: tuple[float, float] = (0.1, 0.9),
    minority_label: int | None = None,
    seed: int = 0,
    device: str | torch.device | None = None,
    h5_key: str | None = None,
    layout: str = 'chw',
    overwrite: bool = False,
    max_block_bytes: int = 256 * 2**20,
    method: str = 'ssim',
) -> dict:
    """SMOTE-SSIM over the minority rows of ``rows``.

    ``method='imblearn'`` runs imbalanced-learn's plain SMOTE instead (the
    control of the paper's Table 2 comparison): Euclidean ``k`` nearest
    minority neighbours of the flattened arrays, ``lam ~ U(0, 1)``, the
    same number of synthetic images; ``alpha``/``beta``/``clip`` are
    unused and ``records.csv`` has no neighbour or lambda (imbalanced-learn
    does not report them).

    Args:
        rows (list[dict]): ``id``, ``label`` and ``path`` (of the stored
            array, relative to ``root``; ``file.h5::key`` allowed).
        out_dir (str): written atomically: ``arrays/<anchor>_smote<m>.npy``,
            ``train_smote.csv`` (every input row, then the synthetic ones,
            each ``id,label,path``), ``records.csv`` (id, anchor,
            neighbour, lambda) and the manifest. An ``out_dir`` made with
            the same settings is left as it is.
        path_prefix (str): how ``train_smote.csv`` names ``out_dir`` (a
            path relative to ``root``, or absolute).
        source (str): what the rows came from, for messages and the
            manifest (a file name, or a fold).
        Other arguments: those of :func:`smote_ssim` /
            :func:`synthetic_counts`.

    Returns:
        dict: ``out_dir``, ``minority_label``, ``num_minority``,
        ``num_synthetic``, ``seconds`` (None when up to date).
    """
    if method not in ('ssim', 'imblearn'):
        raise SMOTEError(
            f"{source}: method must be 'ssim' or 'imblearn', got {method!r}"
        )
    labels = np.array([r['label'] for r in rows])
    values, freq = np.unique(labels, return_counts=True)
    if len(values) < 2:
        raise SMOTEError(
            f'{source}: SMOTE needs two classes, found {values.tolist()}'
        )
    minority = (
        int(values[np.argmin(freq)])
        if minority_label is None
        else minority_label
    )
    if minority not in values:
        raise SMOTEError(f'{source} has no sample of label {minority}')
    idx = np.flatnonzero(labels == minority)
    counts = synthetic_counts(
        len(idx), int((labels != minority).sum()), n_syn, target_ratio, seed
    )
    manifest = dict(
        tool='smote_ssim',
        ann_file=source,
        minority_label=minority,
        k=k,
        alpha=alpha,
        beta=beta,
        clip=list(clip),
        seed=seed,
        n_syn=n_syn,
        target_ratio=target_ratio,
        num_synthetic=int(counts.sum()),
    )
    if method != 'ssim':  # only when set: earlier folders stay valid
        manifest['method'] = method
    info = dict(
        out_dir=out_dir,
        minority_label=minority,
        num_minority=len(idx),
        num_synthetic=int(counts.sum()),
        seconds=None,
    )
    # resumable: the all-pairs SSIM (hours for large sets) is cached per band
    # of rows in the partial folder; a rerun after a kill continues there
    with atomic_output_dir(
        out_dir, manifest, overwrite, resumable=True
    ) as tmp:
        if tmp is None:
            return info
        images = []
        for i in idx:
            arr = load_array(osp.join(root, rows[i]['path']), h5_key)
            if not np.isfinite(arr).all():
                raise SMOTEError(
                    f'{osp.join(root, rows[i]["path"])}: holds NaN or Inf '
                    'values (expected finite numbers); SMOTE would spread '
                    'them into synthetic images'
                )
            if arr.ndim != 3:
                raise SMOTEError(
                    f'{rows[i]["path"]}: expected a 3-D band '
                    f'array, got shape {arr.shape}'
                )
            images.append(arr if layout == 'chw' else arr.transpose(2, 0, 1))
        shapes = {a.shape for a in images}
        if len(shapes) != 1:
            raise SMOTEError(
                f'{source}: minority arrays differ in shape: '
                f'{sorted(shapes)}; resize them to one size '
                'first'
            )
        start = time.perf_counter()
        cache = osp.join(tmp, '.ssim_cache')
        done = len(os.listdir(cache)) if osp.isdir(cache) else 0
        if done:
            print(f'resuming: {done} SSIM row bands already computed')
        if method == 'imblearn':
            synth, records = _plain_smote(np.stack(images), counts, k, seed)
        else:
            synth, records = smote_ssim(
                np.stack(images),
                counts,
                k,
                alpha,
                beta,
                tuple(clip),
                seed,
                device,
                cache_dir=cache,
                max_block_bytes=max_block_bytes,
            )
        shutil.rmtree(cache, ignore_errors=True)
        info['seconds'] = time.perf_counter() - start
        os.makedirs(osp.join(tmp, 'arrays'))
        new_rows, rec_rows = [], []
        for m, (img, (a, n, lam)) in enumerate(zip(synth, records)):
            anchor = rows[idx[a]]['id']
            sid = f'{anchor}_smote{m}'
            np.save(
                osp.join(tmp, 'arrays', f'{sid}.npy'),
                img if layout == 'chw' else img.transpose(1, 2, 0),
            )
            new_rows.append(
                (sid, minority, osp.join(path_prefix, 'arrays', f'{sid}.npy'))
            )
            rec_rows.append(
                (sid, anchor, '', '')
                if n is None
                else (sid, anchor, rows[idx[n]]['id'], f'{lam:.6f}')
            )
        with open(osp.join(tmp, 'train_smote.csv'), 'w') as f:
            f.write(
                csv_text(
                    ('id', 'label', 'path'),
                    [(r['id'], r['label'], r['path']) for r in rows]
                    + new_rows,
                )
            )
        with open(osp.join(tmp, 'records.csv'), 'w') as f:
            f.write(
                csv_text(('id', 'anchor', 'neighbour', 'lambda'), rec_rows)
            )
    return info
