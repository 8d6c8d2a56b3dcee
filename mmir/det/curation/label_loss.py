"""Label refinement by loss (Zhao et al. 2024, section III-B): the trained
network's loss of every labelled image and of every label; those above a
threshold go to a human for review."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np
import torch
from mmengine.dataset import pseudo_collate

from mmir.utils.progress import progress
from mmir.utils.resume import RecordCache

if TYPE_CHECKING:
    import torch.nn as nn
    from mmengine.dataset import BaseDataset

__all__ = [
    'parse_threshold',
    'label_losses',
    'flag_losses',
    'oracle_label_review',
    'auto_label_review',
    'loss_histogram_png',
]


def parse_threshold(spec: str) -> Callable[[Sequence[float]], float]:
    """``'abs:X'`` (the value X), ``'pct:P'`` (the P-th percentile of the
    losses) or ``'sigma:K'`` (mean + K standard deviations) -> a function of
    the losses returning the threshold."""
    kind, _, value = str(spec).partition(':')
    try:
        value = float(value)
    except ValueError:
        value = None
    if (
        kind not in ('abs', 'pct', 'sigma')
        or value is None
        or (kind == 'pct' and not 0 <= value <= 100)
    ):
        raise ValueError(
            f"threshold must be 'abs:X', 'pct:P' (0 <= P <= "
            f"100) or 'sigma:K', got {spec!r}"
        )
    if kind == 'abs':
        return lambda losses: value
    if kind == 'pct':
        return lambda losses: (
            float(np.percentile(losses, value))
            if len(losses)
            else float('inf')
        )
    return lambda losses: (
        float(np.mean(losses) + value * np.std(losses))
        if len(losses)
        else float('inf')
    )


@torch.no_grad()
def label_losses(
    model: nn.Module,
    dataset: BaseDataset,
    device: str = 'cpu',
    cache: str | None = None,
) -> tuple[list[dict], list[dict]]:
    """Run ``model`` (a detector with a :class:`DimTargetHead`) over every
    sample of ``dataset`` (an :class:`IRSequenceDataset` with a pipeline
    that loads the annotations and no augmentation) and return
    ``(images, labels)``:

    - images: per sample ``img_id, img_path, video_id, frame_id, loss``
      (eq. 2 over all its cells), ``loss_loc/cls/conf`` and ``hotspot``:
      the centre ``(x, y)`` and loss of its worst cell that no label owns
      (an unlabelled target or a background the network calls a target);
    - labels: per label ``ann_id, img_id, label, bbox (x1, y1, x2, y2),
      loss`` (its cell against it: loc + class + conf).

    ``cache``: a JSON-lines file each finished sample is appended to; the
    samples it holds are not run again (a killed run resumes).
    """
    model.eval()
    head = model.bbox_head
    images, labels = [], []
    cache = RecordCache(cache, dict(samples=len(dataset)))
    for idx in progress(range(len(dataset)), 'label loss', unit='image'):
        if idx in cache.done:
            images.append(cache.done[idx]['image'])
            labels += cache.done[idx]['labels']
            continue
        first_label = len(labels)
        info = dataset.get_data_info(idx)
        data = model.data_preprocessor(pseudo_collate([dataset[idx]]), False)
        sample = data['data_samples'][0]
        (pred,) = head(model.extract_feat(data['inputs'].to(device)))
        out = head.loss_per_image(pred, [sample.gt_instances])[0]
        cells = out['cells'].clone()
        cells[out['owner'] >= 0] = -1
        k = int(cells.argmax())
        i, j = divmod(k, cells.shape[1])
        s = head.stride
        images.append(
            dict(
                img_id=info['img_id'],
                img_path=info['img_path'],
                video_id=info.get('video_id'),
                frame_id=info.get('frame_id'),
                loss=float(out['total']),
                loss_loc=float(out['loc']),
                loss_cls=float(out['cls']),
                loss_conf=float(out['conf']),
                hotspot=dict(
                    x=(j + 0.5) * s, y=(i + 0.5) * s, loss=float(cells.max())
                ),
            )
        )
        valid = [
            inst
            for inst in info['instances']
            if not inst.get('ignore_flag', 0)
        ]
        for inst, loss in zip(valid, out['instances'].tolist()):
            labels.append(
                dict(
                    ann_id=inst.get('ann_id', -1),
                    img_id=info['img_id'],
                    img_path=info['img_path'],
                    label=int(inst['bbox_label']),
                    bbox=[float(v) for v in inst['bbox']],
                    loss=float(loss),
                )
            )
        cache.append(idx, dict(image=images[-1], labels=labels[first_label:]))
    return images, labels


def flag_losses(
    images: Sequence[dict],
    labels: Sequence[dict],
    threshold: str,
    image_threshold: str | None = None,
) -> tuple[tuple[float, float], list[dict], list[dict]]:
    """The records of :func:`label_losses` above their thresholds
    (:func:`parse_threshold` specs; ``image_threshold`` defaults to
    ``threshold``): ``((image_thr, label_thr), images, labels)``, the
    flagged ones worst first."""
    image_thr = parse_threshold(image_threshold or threshold)(
        [r['loss'] for r in images]
    )
    label_thr = parse_threshold(threshold)([r['loss'] for r in labels])
    flagged_images = sorted(
        (r for r in images if r['loss'] > image_thr), key=lambda r: -r['loss']
    )
    flagged_labels = sorted(
        (r for r in labels if r['loss'] > label_thr), key=lambda r: -r['loss']
    )
    return (image_thr, label_thr), flagged_images, flagged_labels


def loss_histogram_png(
    path: str,
    image_losses: Sequence[float],
    label_losses: Sequence[float],
    thresholds: tuple[float, float],
) -> None:
    """Fig. 11: the distribution of image and label losses with the
    thresholds, as a PNG."""
    import matplotlib

    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(9, 3.2))
    for ax, values, thr, name in zip(
        axes, (image_losses, label_losses), thresholds, ('image', 'label')
    ):
        ax.hist(values, bins=40, color='tab:blue')
        ax.axvline(thr, color='tab:red', ls='--', label=f'threshold {thr:.3g}')
        ax.set_xlabel(
            f'{name} loss (mean {np.mean(values):.4g})'
            if len(values)
            else f'{name} loss'
        )
        ax.set_ylabel('count')
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def _centre(box):
    return np.array([(box[0] + box[2]) / 2, (box[1] + box[3]) / 2])


def _xywh(box):
    x1, y1, x2, y2 = (float(v) for v in box)
    return ','.join(
        f'{v:g}'
        for v in (
            round(x1, 2),
            round(y1, 2),
            round(x2 - x1, 2),
            round(y2 - y1, 2),
        )
    )


def auto_label_review(
    flagged_labels: Sequence[dict],
    flagged_images: Sequence[dict],
    labels: Sequence[dict],
    detections: Sequence[dict],
    classes: Sequence[str],
    max_distance: float = 3.0,
    min_shift: float = 1.0,
) -> tuple[list[dict], list[dict]]:
    """An unattended review of the flagged records (ours; the paper has a
    person check them), decided by the current model's own detections
    (``detect_sequences(..., label=None)`` records of the training set):

    - a flagged label with no detection whose centre is within
      ``max_distance`` px of its centre is deleted (a spurious label);
    - one whose nearest such detection has another class is relabelled to
      it; one whose nearest detection is ``min_shift`` px or more away (or
      of another size by as much) is moved to the detected box;
    - a flagged image gets the detections that no label of it (``labels``:
      every record of :func:`label_losses`) is within ``max_distance`` of
      (unlabelled targets).

    Returns ``(label_rows, image_rows)`` as :func:`oracle_label_review`."""
    by_img = {r['img_id']: r for r in detections}
    label_rows = []
    for lab in flagged_labels:
        det = by_img.get(lab['img_id'])
        boxes = det['boxes'] if det is not None else np.zeros((0, 4))
        c = _centre(lab['bbox'])
        dist = np.array([np.linalg.norm(_centre(b) - c) for b in boxes])
        if not len(dist) or dist.min() > max_distance:
            label_rows.append(dict(ann_id=lab['ann_id'], action='delete'))
            continue
        k = int(dist.argmin())
        box, label = boxes[k], int(det['labels'][k])
        size = np.abs(
            (box[2:] - box[:2])
            - (np.asarray(lab['bbox'][2:]) - np.asarray(lab['bbox'][:2]))
        )
        if label != lab['label']:
            label_rows.append(
                dict(
                    ann_id=lab['ann_id'],
                    action='relabel',
                    new_label=classes[label],
                )
            )
        elif dist[k] >= min_shift or size.max() >= min_shift:
            label_rows.append(
                dict(ann_id=lab['ann_id'], action='move', new_bbox=_xywh(box))
            )
    labelled = {}
    for lab in labels:
        labelled.setdefault(lab['img_id'], []).append(_centre(lab['bbox']))
    image_rows = []
    for img in flagged_images:
        det = by_img.get(img['img_id'])
        if det is None:
            continue
        have = labelled.get(img['img_id'], [])
        add = [
            f'{classes[int(lbl)]}:{_xywh(b)}'
            for b, lbl in zip(det['boxes'], det['labels'])
            if all(np.linalg.norm(_centre(b) - h) > max_distance for h in have)
        ]
        if add:
            image_rows.append(dict(image_id=img['img_id'], add='; '.join(add)))
    return label_rows, image_rows


def oracle_label_review(
    flagged_labels: Sequence[dict],
    flagged_images: Sequence[dict],
    current_ann: dict,
    clean_ann: dict,
) -> tuple[list[dict], list[dict]]:
    """Stand-in for the manual check of section III-B where the true labels
    are known (synthetic data with :func:`corrupt_labels`): per flagged
    label of ``current_ann``, ``delete`` if the clean file has no label of
    that id, ``move`` / ``relabel`` to the clean box / class if they differ;
    per flagged image, ``add`` the clean labels missing from it.

    Returns ``(label_rows, image_rows)``: dicts with the columns
    :func:`apply_review` reads (``ann_id, action, new_label, new_bbox`` and
    ``image_id, add``)."""
    names = {c['id']: c['name'] for c in clean_ann.get('categories', [])}
    clean = {a['id']: a for a in clean_ann.get('annotations', [])}
    current = {a['id']: a for a in current_ann.get('annotations', [])}
    label_rows = []
    for lab in flagged_labels:
        a, ref = current.get(lab['ann_id']), clean.get(lab['ann_id'])
        if a is None:
            continue
        if ref is None or ref['image_id'] != a['image_id']:
            label_rows.append(dict(ann_id=a['id'], action='delete'))
        elif ref['category_id'] != a['category_id']:
            label_rows.append(
                dict(
                    ann_id=a['id'],
                    action='relabel',
                    new_label=names[ref['category_id']],
                )
            )
        elif not np.allclose(ref['bbox'], a['bbox'], atol=1e-3):
            label_rows.append(
                dict(
                    ann_id=a['id'],
                    action='move',
                    new_bbox=','.join(f'{v:g}' for v in ref['bbox']),
                )
            )
    image_rows = []
    for img in flagged_images:
        have = {
            a['id']
            for a in current_ann.get('annotations', [])
            if a['image_id'] == img['img_id']
        }
        add = [
            f'{names[a["category_id"]]}:'
            + ','.join(f'{v:g}' for v in a['bbox'])
            for a in clean_ann.get('annotations', [])
            if a['image_id'] == img['img_id'] and a['id'] not in have
        ]
        if add:
            image_rows.append(dict(image_id=img['img_id'], add='; '.join(add)))
    return label_rows, image_rows
