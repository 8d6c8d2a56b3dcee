"""Fit the classical classifier of an :class:`EmbeddingClassifierHead`
after training (Tang et al., section 3: the FC head is replaced by an RBF
SVM fitted on the training embeddings; Table 3 also an LGBM)."""

from __future__ import annotations

import os.path as osp
from typing import TYPE_CHECKING

from mmengine.hooks import Hook
from mmengine.logging import print_log
from mmpretrain.registry import HOOKS

from mmir.utils.fileio import write_json_atomic, write_text_atomic
from mmir.utils.model_loading import (
    train_set_with_test_pipeline as embedding_dataloader_cfg,
)

if TYPE_CHECKING:
    from mmengine.runner import Runner

__all__ = ['EmbeddingClassifierHook', 'embedding_dataloader_cfg']


@HOOKS.register_module()
@HOOKS.register_module(name='SVMPostHook')
class EmbeddingClassifierHook(Hook):
    """After training: extract the pooled embeddings of the training set
    (test pipeline, no augmentation), ``model.head.fit`` them (RBF SVM of
    :class:`SVMClsHead`, LightGBM of :class:`LGBMClsHead`), save the model
    with the fitted classifier as ``<work_dir>/<filename>`` and point
    ``last_checkpoint`` at it, so ``tools/test.py`` (and the grid runner)
    evaluate the classifier. Also registered as ``SVMPostHook``.

    Args:
        use_best (bool): fit on the weights of the best checkpoint saved by
            ``CheckpointHook(save_best=...)`` when there is one (the paper
            keeps each fold's best weights), else on the last weights.
        filename (str): the checkpoint written; default
            ``<head type>.pth``.
    """

    priority = 'LOW'

    def __init__(
        self, use_best: bool = True, filename: str | None = None
    ) -> None:
        self.use_best, self.filename = use_best, filename

    def after_train(self, runner: Runner) -> None:
        from mmengine.model import is_model_wrapper
        from mmengine.runner.checkpoint import load_checkpoint

        from mmir.cls.models.utils import extract_embeddings

        model = (
            runner.model.module
            if is_model_wrapper(runner.model)
            else runner.model
        )
        head = model.head
        if not hasattr(head, 'fit'):
            raise TypeError(
                f'{type(self).__name__} needs a head with a '
                'classifier to fit (SVMClsHead, LGBMClsHead), '
                f'got {type(head).__name__}'
            )
        best = runner.message_hub.get_info('best_ckpt')
        source = 'last weights'
        if self.use_best and best and osp.isfile(best):
            load_checkpoint(
                model, best, map_location='cpu', strict=True, logger='current'
            )
            source = best
        loader = runner.build_dataloader(embedding_dataloader_cfg(runner.cfg))
        emb, labels = extract_embeddings(model, loader)
        emb = emb.to(next(model.parameters()).device)
        head.fit(emb, labels)
        pred = head.predict([emb])
        train_acc = float(
            sum(int(p.pred_label) == int(y) for p, y in zip(pred, labels))
            / len(labels)
        )
        name = self.filename or f'{type(head).__name__}.pth'
        runner.save_checkpoint(
            runner.work_dir,
            name,
            save_optimizer=False,
            save_param_scheduler=False,
        )
        path = osp.join(runner.work_dir, name)
        write_text_atomic(osp.join(runner.work_dir, 'last_checkpoint'), path)
        info = dict(
            head=type(head).__name__,
            fitted_on=source,
            num_samples=len(labels),
            dim=int(emb.shape[1]),
            train_accuracy=train_acc,
            checkpoint=path,
        )
        if hasattr(head, 'n_support'):
            info.update(
                C=head.C,
                gamma=float(head.gamma_value),
                n_support=head.n_support.tolist(),
            )
        if hasattr(head, 'model_string'):
            text = osp.join(runner.work_dir, 'lgbm_model.txt')
            write_text_atomic(text, head.model_string())
            info['model_text'] = text
        write_json_atomic(info, osp.join(runner.work_dir, 'classifier.json'))
        print_log(
            f'{info["head"]} fitted on {len(labels)} training '
            f'embeddings ({source}); training accuracy '
            f'{train_acc:.4f}; saved {path}',
            logger='current',
        )
