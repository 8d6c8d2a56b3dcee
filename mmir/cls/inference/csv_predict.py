"""Class predictions for a CSV of multi-band arrays, from one model or the
mean of several (the fold models of a k-fold run; Tang et al., section
4.1: the Zindi test set is predicted and submitted as a CSV)."""

from __future__ import annotations

import copy
import csv
import io
import os.path as osp
from collections.abc import Sequence

import numpy as np

__all__ = ['predict_csv', 'submission_csv']


def predict_csv(
    config: str,
    checkpoints: Sequence[str],
    csv_file: str,
    data_root: str | None = None,
    id_column: str = 'ID',
    data_prefix: str | None = None,
    batch_size: int | None = None,
    device: str = 'cpu',
    progress: bool = True,
    cfg_options: dict | None = None,
) -> tuple[list[str], np.ndarray]:
    """``(ids, scores (N, K))``: each row of ``csv_file`` (an ``id_column``
    and no label needed; arrays found as the config's
    ``MultiBandDataset`` finds them, under ``data_root``) through the
    config's test pipeline and each checkpoint's model; ``scores`` is the
    mean over the checkpoints of ``pred_score`` (the fitted SVM head's,
    when the checkpoint has one)."""
    import torch
    from mmengine.registry import DefaultScope
    from mmengine.runner import Runner

    import mmir.cls  # noqa: F401
    from mmir.utils.config_check import innermost_dataset, load_config
    from mmir.utils.model_loading import load_model

    if not checkpoints:
        raise ValueError('no checkpoint given')
    cfg = load_config(config, cfg_options)
    loader = copy.deepcopy(cfg.test_dataloader)
    dataset = innermost_dataset(loader['dataset'])
    root = data_root if data_root is not None else dataset.get('data_root', '')
    dataset.update(
        ann_file=osp.abspath(csv_file),
        data_root=root,
        id_column=id_column,
        labels_required=False,
        test_mode=True,
    )
    if data_prefix is not None:
        dataset['data_prefix'] = data_prefix
    loader.update(
        num_workers=0,
        persistent_workers=False,
        sampler=dict(type='DefaultSampler', shuffle=False),
    )
    if batch_size:
        loader['batch_size'] = batch_size
    total = None
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        data = Runner.build_dataloader(loader)
        ids = [
            data.dataset.get_data_info(i)['sample_id']
            for i in range(len(data.dataset))
        ]
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(
                total=len(ids) * len(checkpoints),
                unit='sample',
                desc='predict',
            )
        for ckpt in checkpoints:
            model = load_model(cfg, ckpt, device)
            scores = []
            with torch.no_grad():
                for batch in data:
                    preds = model.test_step(batch)
                    scores += [p.pred_score.float().cpu() for p in preds]
                    if bar is not None:
                        bar.update(len(preds))
            scores = torch.stack(scores).numpy().astype(np.float64)
            total = scores if total is None else total + scores
        if bar is not None:
            bar.close()
    return ids, total / len(checkpoints)


def submission_csv(
    ids: Sequence[str],
    scores: np.ndarray,
    id_column: str = 'ID',
    target_column: str = 'Target',
    score_columns: Sequence[str] = (),
) -> str:
    """The CSV text ``<id_column>,<target_column>[,<score columns>]``: the
    predicted class (argmax of ``scores``) per id, in input order; each
    score column holds the mean score of its class (column k: class k)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator='\n')
    writer.writerow([id_column, target_column, *score_columns])
    for sample_id, row in zip(ids, scores):
        writer.writerow(
            [
                sample_id,
                int(np.argmax(row)),
                *(f'{row[k]:.6f}' for k in range(len(score_columns))),
            ]
        )
    return out.getvalue()
