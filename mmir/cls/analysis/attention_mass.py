"""Where an ABMIL model looks: the share of its attention (eq. 2 of Kim &
Kwon, Appl. Sci. 2025) on the feature-grid cells that hold a target, the
measure behind the paper's Fig. 11 (attention on the mines)."""

import json
import os.path as osp
from collections.abc import Sequence

import numpy as np
import torch

__all__ = [
    'NoAttentionError',
    'box_cells',
    'attention_mass',
    'attention_in_boxes',
]


class NoAttentionError(ValueError):
    """The model has no attention neck (e.g. mean pooling)."""


def box_cells(
    boxes: Sequence[Sequence[float]],
    image_hw: tuple[int, int],
    grid_hw: tuple[int, int],
) -> np.ndarray:
    """``(h, w)`` bool: the cells of an ``h x w`` feature grid laid evenly
    over an image of ``image_hw`` that overlap any box ``[x1, y1, x2, y2]``
    (pixels of that image, ``x2``/``y2`` exclusive)."""
    (ih, iw), (gh, gw) = image_hw, grid_hw
    cells = np.zeros((gh, gw), bool)
    for x1, y1, x2, y2 in boxes:
        if x2 <= x1 or y2 <= y1:
            continue
        c1 = max(0, int(np.floor(x1 * gw / iw)))
        c2 = min(gw, int(np.ceil(x2 * gw / iw)))
        r1 = max(0, int(np.floor(y1 * gh / ih)))
        r2 = min(gh, int(np.ceil(y2 * gh / ih)))
        cells[r1:r2, c1:c2] = True
    return cells


def attention_mass(
    attention: np.ndarray, cells: np.ndarray
) -> tuple[float, float, bool]:
    """For attention weights ``(h, w)`` (summing to 1) and target cells
    ``(h, w)`` bool: ``(mass, chance, hit)``: the attention on the target
    cells, the share a uniform attention would put there (cells / h*w), and
    whether the most attended cell is a target cell."""
    attention = np.asarray(attention, np.float64)
    total = attention.sum()
    if attention.shape != cells.shape or total <= 0:
        raise ValueError(
            f'attention {attention.shape} (sum {total}) and cells '
            f'{cells.shape}: expected the same shape and a positive sum'
        )
    mass = float(attention[cells].sum() / total)
    chance = float(cells.mean())
    hit = bool(cells.flat[int(attention.argmax())])
    return mass, chance, hit


def attention_in_boxes(
    config: str,
    checkpoint: str | None,
    boxes_file: str = 'boxes.json',
    data_root: str | None = None,
    device: str = 'cpu',
) -> dict:
    """Run an ABMIL classifier (``checkpoint`` None: untrained) over the
    positives of its test set and measure its attention on the true
    targets.

    ``boxes_file`` (relative to the data root): ``{file name: [[x1, y1, x2,
    y2], ...]}`` in the original image's pixels (the synthetic landmine set
    and legbreaker ``boxes.json``); images are matched by file name. Returns
    the means over the images with boxes: ``attention_in_box`` (mass),
    ``attention_chance`` (what uniform attention would give),
    ``attention_hit`` (share whose most attended cell holds a target) and
    ``images``.
    """
    from mmengine.dataset import pseudo_collate

    from mmir.utils.model_loading import load_model_and_dataloader

    model, loader, cfg = load_model_and_dataloader(
        config, checkpoint, 'test', data_root=data_root, device=device
    )
    neck = getattr(model, 'neck', None)
    if not hasattr(neck, 'attention_maps'):
        raise NoAttentionError(
            f'{config}: the model has no attention neck (ABMILPooling)'
        )
    root = data_root or cfg.test_dataloader.dataset.get('data_root', '')
    path = osp.join(root, boxes_file)
    try:
        with open(path) as f:
            boxes = json.load(f)
    except (OSError, ValueError) as err:
        raise ValueError(
            f'{path}: expected a JSON {{file name: [[x1, y1, x2, y2], ...]}} '
            f'({err})'
        ) from None
    masses, chances, hits = [], [], []
    dataset = loader.dataset
    for i in range(len(dataset)):
        info = dataset.get_data_info(i)
        found = boxes.get(osp.basename(info['img_path']))
        if not found or int(info.get('gt_label', 1)) != 1:
            continue
        data = dataset[i]
        ori_h, ori_w = data['data_samples'].ori_shape
        batch = model.data_preprocessor(pseudo_collate([data]), False)
        x = batch['inputs'].to(device)
        with torch.no_grad():
            neck(model.backbone(x))
        att = neck.attention_maps()
        if att is None or att.dim() != 3:
            raise ValueError(
                f'{config}: the attention is not on a feature map (a token '
                'backbone); this measure needs a (B, H, W) attention'
            )
        att = att[0].cpu().numpy()
        in_h, in_w = x.shape[-2:]
        sx, sy = in_w / ori_w, in_h / ori_h
        scaled = [
            [x1 * sx, y1 * sy, x2 * sx, y2 * sy] for x1, y1, x2, y2 in found
        ]
        cells = box_cells(scaled, (in_h, in_w), att.shape)
        mass, chance, hit = attention_mass(att, cells)
        masses.append(mass)
        chances.append(chance)
        hits.append(hit)
    if not masses:
        raise ValueError(
            f'{config}: no test positive has boxes in {path} (matched by '
            'file name)'
        )
    return dict(
        attention_in_box=float(np.mean(masses)),
        attention_chance=float(np.mean(chances)),
        attention_hit=float(np.mean(hits)),
        images=len(masses),
    )
