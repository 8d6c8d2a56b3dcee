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
) -> dict:
    """SMOTE-SSIM over the minority rows of ``rows``.

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
            rec_rows.append((sid, anchor, rows[idx[n]]['id'], f'{lam:.6f}'))
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
