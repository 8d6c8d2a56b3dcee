"""EmbeddingClassifierHook (Tang et al., sec. 3): after training, fit the
head's SVM on the training embeddings of the best (or last) weights, save
that model and point ``last_checkpoint`` at it."""

import json
import os.path as osp

import pytest
import torch
from mmengine.logging import MessageHub
from mmpretrain.registry import MODELS
from mmpretrain.structures import DataSample

import mmir.cls  # noqa: F401
from mmir.cls.engine.hooks import EmbeddingClassifierHook
from mmir.cls.engine.hooks import embedding_classifier_hook as module


def _model(seed, head='SVMClsHead'):
    torch.manual_seed(seed)
    linear = dict(type='LinearClsHead', num_classes=2, in_channels=32)
    return MODELS.build(
        dict(
            type='ImageClassifier',
            backbone=dict(
                type='ResNet', depth=18, base_channels=4, out_indices=(3,)
            ),
            neck=dict(type='GlobalAveragePooling'),
            head=dict(type=head, train_head=linear, C=1.0)
            if head == 'SVMClsHead'
            else linear,
        )
    )


class _Runner:
    """What the hook reads of a Runner after training."""

    def __init__(self, model, work_dir, best=None):
        self.model, self.work_dir, self.cfg = model, str(work_dir), None
        self.message_hub = MessageHub.get_instance(f'ech-{id(self)}')
        if best:
            self.message_hub.update_info('best_ckpt', best)
        g = torch.Generator().manual_seed(0)
        labels = [0, 1] * 6
        self.batches = [
            dict(
                inputs=[
                    torch.rand(3, 32, 32, generator=g) + 2.0 * y
                    for y in labels[k : k + 4]
                ],
                data_samples=[
                    DataSample().set_gt_label(y) for y in labels[k : k + 4]
                ],
            )
            for k in range(0, 12, 4)
        ]

    def build_dataloader(self, cfg):
        return self.batches

    def save_checkpoint(self, out_dir, filename, **kwargs):
        torch.save(
            dict(state_dict=self.model.state_dict()),
            osp.join(out_dir, filename),
        )


@pytest.fixture(autouse=True)
def _no_config(monkeypatch):
    monkeypatch.setattr(module, 'embedding_dataloader_cfg', lambda cfg: {})


def test_fits_on_the_best_weights_and_points_last_checkpoint(tmp_path):
    best_model = _model(seed=1)
    best = str(tmp_path / 'best.pth')
    torch.save(dict(state_dict=best_model.state_dict()), best)
    model = _model(seed=0)
    EmbeddingClassifierHook().after_train(_Runner(model, tmp_path, best))
    for name, p in best_model.backbone.state_dict().items():
        assert torch.equal(model.backbone.state_dict()[name], p), name
    info = json.loads((tmp_path / 'classifier.json').read_text())
    saved = str(tmp_path / 'SVMClsHead.pth')
    assert info['fitted_on'] == best and info['checkpoint'] == saved
    assert info['num_samples'] == 12 and info['dim'] == 32
    assert sum(info['n_support']) <= 12 and info['C'] == 1.0
    assert (tmp_path / 'last_checkpoint').read_text() == saved
    state = torch.load(saved, weights_only=False)['state_dict']
    assert bool(state['head.fitted'])


def test_last_weights_without_a_best_checkpoint(tmp_path):
    model = _model(seed=0)
    before = {k: v.clone() for k, v in model.backbone.state_dict().items()}
    hook = EmbeddingClassifierHook(use_best=False, filename='svm.pth')
    hook.after_train(_Runner(model, tmp_path, best=None))
    info = json.loads((tmp_path / 'classifier.json').read_text())
    assert info['fitted_on'] == 'last weights'
    assert info['checkpoint'].endswith('svm.pth')
    for name, p in model.backbone.state_dict().items():
        assert torch.equal(before[name], p), name


def test_a_head_without_a_classifier_is_refused(tmp_path):
    runner = _Runner(_model(0, head='LinearClsHead'), tmp_path)
    with pytest.raises(TypeError, match='SVMClsHead, LGBMClsHead'):
        EmbeddingClassifierHook().after_train(runner)


def test_use_best_false_keeps_the_last_weights_beside_a_best(tmp_path):
    """A best checkpoint exists, but ``use_best=False``: the SVM is fitted
    on the weights the model ends training with."""
    best = str(tmp_path / 'best.pth')
    torch.save(dict(state_dict=_model(seed=1).state_dict()), best)
    model = _model(seed=0)
    before = {k: v.clone() for k, v in model.backbone.state_dict().items()}
    hook = EmbeddingClassifierHook(use_best=False)
    hook.after_train(_Runner(model, tmp_path, best))
    info = json.loads((tmp_path / 'classifier.json').read_text())
    assert info['fitted_on'] == 'last weights'
    for name, p in model.backbone.state_dict().items():
        assert torch.equal(before[name], p), name
