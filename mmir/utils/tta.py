"""Test-time augmentation for ``tools/test.py --tta``, as the toolboxes'
own test scripts set it up: the config's ``tta_model`` and
``tta_pipeline`` when it has them, else a horizontal-flip TTA of its test
pipeline (the unflipped view first) with the toolbox's merging model:
mmdet ``DetTTAModel`` (boxes of both views, NMS), mmseg ``SegTTAModel``
(mean of the softmax maps), mmpretrain ``AverageClsScoreTTA`` (mean of
the scores)."""

from __future__ import annotations

import copy

from mmengine.config import Config, ConfigDict

from mmir.utils.config_check import dataset_with_test_pipeline

__all__ = ['apply_tta']

PACK = ('PackDetInputs', 'PackSegInputs', 'PackInputs')


def _flip_pipeline(pipeline: list, scope: str) -> list:
    pack = copy.deepcopy(pipeline[-1])
    if pack.get('type') not in PACK:
        raise ValueError(
            'a flip TTA needs a test pipeline that ends with its packing '
            f'step ({" / ".join(PACK)}), got {pack.get("type")}; give the '
            'config a tta_pipeline'
        )
    if scope == 'mmdet':
        keys = pack.get('meta_keys') or (
            'img_id',
            'img_path',
            'ori_shape',
            'img_shape',
            'scale_factor',
        )
        pack['meta_keys'] = tuple(
            dict.fromkeys((*keys, 'flip', 'flip_direction'))
        )
    flips = [
        dict(type='RandomFlip', prob=0.0, direction='horizontal'),
        dict(type='RandomFlip', prob=1.0, direction='horizontal'),
    ]
    return [
        *copy.deepcopy(pipeline[:-1]),
        dict(type='TestTimeAug', transforms=[flips, [pack]]),
    ]


def _default_model(cfg: Config, scope: str) -> dict:
    if scope == 'mmdet':
        roi = cfg.model.get('roi_head') or {}
        if roi.get('mask_head') or cfg.model.get('mask_head'):
            raise ValueError(
                'mmdet 3.3 has no TTA for instance masks (DetTTAModel merges '
                'boxes only); test this config without --tta'
            )
        test_cfg = cfg.model.get('test_cfg') or {}
        test_cfg = test_cfg.get('rcnn', test_cfg)
        return dict(
            type='DetTTAModel',
            tta_cfg=dict(
                nms=copy.deepcopy(
                    test_cfg.get('nms') or dict(type='nms', iou_threshold=0.5)
                ),
                max_per_img=test_cfg.get('max_per_img', 100),
            ),
        )
    if scope == 'mmseg':
        return dict(type='SegTTAModel')
    if scope == 'mmpretrain':
        return dict(type='AverageClsScoreTTA')
    raise ValueError(f'--tta: unknown default_scope {scope!r}')


def apply_tta(cfg: Config) -> None:
    """Turn ``cfg``'s model and test pipeline into their TTA versions, in
    place (``ValueError`` saying why when that cannot be done)."""
    scope = cfg.get('default_scope')
    tta_model = cfg.get('tta_model') or _default_model(cfg, scope)
    dataset = dataset_with_test_pipeline(cfg)
    pipeline = cfg.get('tta_pipeline') or _flip_pipeline(
        dataset.pipeline, scope
    )
    module = copy.deepcopy(cfg.model)
    # a top-level data_preprocessor belongs to the wrapped model
    if cfg.get('data_preprocessor') and 'data_preprocessor' not in module:
        module['data_preprocessor'] = copy.deepcopy(cfg.data_preprocessor)
    cfg.model = ConfigDict(**tta_model, module=module)
    dataset.pipeline = pipeline
