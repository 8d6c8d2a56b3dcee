"""InvalidLossHook: a run stops at the first NaN / inf / exploded loss with
the epoch and iteration, in epoch- and iteration-based loops."""

import math

import pytest
import torch
from mmengine.model import BaseModel
from mmengine.runner import Runner
from torch.utils.data import Dataset

from mmir.engine.hooks import DivergedLossError, InvalidLossHook

# each test trains a toy model with the hook
pytestmark = pytest.mark.e2e


class _Data(Dataset):
    def __len__(self):
        return 4

    def __getitem__(self, i):
        return dict(x=torch.tensor([float(i)]))


class _Model(BaseModel):
    """Its loss is ``losses[k]`` at training step k (1-based)."""

    def __init__(self, losses):
        super().__init__()
        self.w = torch.nn.Parameter(torch.ones(1))
        self.losses, self.step = losses, 0

    def forward(self, x, mode='loss'):
        self.step += 1
        value = self.losses[min(self.step, len(self.losses)) - 1]
        return dict(
            loss=self.w.sum() * 0 + value, loss_aux=self.w.sum() * 0 + 1.0
        )


def _run(tmp_path, losses, loop, **hook):
    train_cfg = (
        dict(by_epoch=True, max_epochs=3)
        if loop == 'epoch'
        else dict(by_epoch=False, max_iters=8)
    )
    runner = Runner(
        model=_Model(losses),
        work_dir=str(tmp_path),
        train_dataloader=dict(
            dataset=_Data(),
            sampler=dict(type='DefaultSampler', shuffle=False),
            batch_size=2,
            collate_fn=dict(type='default_collate'),
        ),
        train_cfg=train_cfg,
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.0)),
        custom_hooks=[dict(type='InvalidLossHook', **hook)],
        default_hooks=dict(checkpoint=None, logger=None),
        default_scope='mmengine',
    )
    runner.train()


@pytest.mark.parametrize(
    'bad, shown', [(math.nan, 'nan'), (math.inf, 'inf'), (-math.inf, '-inf')]
)
def test_non_finite_loss_stops_the_epoch_loop(tmp_path, bad, shown):
    # 2 iterations per epoch: step 4 is epoch 2, iteration 2/2
    with pytest.raises(DivergedLossError) as err:
        _run(tmp_path, [1.0, 1.0, 1.0, bad], 'epoch')
    assert (
        str(err.value)
        == f'the training loss became {shown} at epoch 2 iter 2/2'
    )


def test_exploded_finite_loss_stops_the_iteration_loop(tmp_path):
    with pytest.raises(DivergedLossError) as err:
        _run(tmp_path, [5.0, 2.4e21], 'iter')
    assert str(err.value) == (
        'the training loss became 2.4e+21 at iter 2/8 '
        '(InvalidLossHook max_loss=1e+06)'
    )


def test_finite_losses_train_to_the_end_and_max_loss_none(tmp_path):
    _run(tmp_path, [1.0, 3.0, 1e5], 'iter')
    _run(tmp_path / 'b', [1.0, 2.4e21], 'iter', max_loss=None)


def test_interval_and_bad_arguments(tmp_path):
    # checked every 4 iterations: the NaN of step 3 is seen at step 4
    with pytest.raises(DivergedLossError, match='at iter 4/8'):
        _run(tmp_path, [1.0, 1.0, math.nan], 'iter', interval=4)
    with pytest.raises(ValueError, match='interval must be >= 1'):
        InvalidLossHook(interval=0)
