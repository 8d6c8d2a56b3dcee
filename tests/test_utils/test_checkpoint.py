import os
import pickle
import pickletools
import zipfile

import numpy as np
import pytest
import torch
import torch.nn as nn
from mmengine.logging import HistoryBuffer
from mmengine.model import BaseModel
from mmengine.runner import Runner
from mmengine.runner.checkpoint import _load_checkpoint

import mmir  # noqa: F401  (applies the checkpoint patch)
from mmir.utils import CheckpointLoadError


class ToyModel(BaseModel):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(2, 1)

    def forward(self, inputs, labels=None, mode='tensor'):
        out = self.linear(inputs).squeeze(-1)
        if mode == 'loss':
            return dict(loss=((out - labels) ** 2).mean())
        return out


def _pickle_globals(path):
    with zipfile.ZipFile(path) as zf:
        name = next(n for n in zf.namelist() if n.endswith('/data.pkl'))
        ops = pickletools.genops(zf.read(name))
        return {arg for op, arg, _ in ops if op.name == 'GLOBAL'}


def _toy_runner(work_dir, max_iters, resume=False, load_from=None):
    data = [
        dict(
            inputs=torch.tensor([float(i), 1.0]), labels=torch.tensor(float(i))
        )
        for i in range(8)
    ]
    return Runner(
        model=ToyModel(),
        work_dir=str(work_dir),
        train_dataloader=dict(
            dataset=data,
            sampler=dict(type='DefaultSampler', shuffle=False),
            batch_size=2,
            collate_fn=dict(type='default_collate'),
        ),
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.01)),
        train_cfg=dict(by_epoch=False, max_iters=max_iters),
        default_hooks=dict(
            checkpoint=dict(type='CheckpointHook', interval=2, by_epoch=False),
            logger=dict(type='LoggerHook', interval=1),
        ),
        resume=resume,
        load_from=load_from,
        default_scope='mmengine',
    )


@pytest.mark.e2e
def test_real_mmengine_checkpoint_resumes(tmp_path):
    _toy_runner(tmp_path / 'a', max_iters=2).train()
    ckpt = tmp_path / 'a' / 'iter_2.pth'
    # The checkpoint really holds what weights_only rejects by default.
    assert {
        'mmengine.logging.history_buffer HistoryBuffer',
        '__builtin__ getattr',
    } <= _pickle_globals(ckpt)
    loaded = _load_checkpoint(str(ckpt), map_location='cpu')
    scalars = loaded['message_hub']['log_scalars']
    assert isinstance(scalars['train/loss'], HistoryBuffer)
    assert scalars['train/loss'].mean() == pytest.approx(
        np.mean(scalars['train/loss']._log_history)
    )
    runner = _toy_runner(
        tmp_path / 'b', max_iters=4, resume=True, load_from=str(ckpt)
    )
    runner.train()
    assert runner.iter == 4
    assert (tmp_path / 'b' / 'iter_4.pth').exists()
    assert not (tmp_path / 'b' / 'iter_2.pth').exists()


class _RunsCode:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f'touch {self.marker}',))


class _SneakyGetattr:
    """getattr on an allowed class, but not one of its statistics methods."""

    def __reduce__(self):
        return (getattr, (HistoryBuffer, '__init__'))


class _BytesWithArgs:
    """bytes() is allowed only without arguments (an empty buffer)."""

    def __reduce__(self):
        return (bytes, (2**20,))


def test_empty_numpy_arrays_and_unused_history_buffers_load(tmp_path):
    """Pickle protocol 2 (torch.save's) writes the empty buffer of an
    empty array as ``bytes()``: a never-updated HistoryBuffer, (0,) and
    (0, 3) arrays load, with their shapes and dtypes."""
    path = tmp_path / 'empty.pth'
    meta = dict(
        hub=HistoryBuffer(),
        empty=np.empty(0),
        rows=np.zeros((0, 3), np.float32),
        full=np.arange(3),
    )
    torch.save({'state_dict': {'w': torch.zeros(1)}, 'meta': meta}, path)
    assert b'bytes' in path.read_bytes()  # the pickle does call bytes()
    out = _load_checkpoint(str(path), map_location='cpu')['meta']
    assert out['empty'].shape == (0,) and out['empty'].dtype == np.float64
    assert out['rows'].shape == (0, 3) and out['rows'].dtype == np.float32
    assert out['full'].tolist() == [0, 1, 2]
    assert [len(a) for a in out['hub'].data] == [0, 0]


@pytest.mark.parametrize('payload', ['os.system', 'getattr', 'bytes'])
def test_malicious_checkpoint_is_refused(tmp_path, payload):
    marker = tmp_path / 'pwned'
    obj = {
        'os.system': lambda: _RunsCode(marker),
        'getattr': _SneakyGetattr,
        'bytes': _BytesWithArgs,
    }[payload]()
    path = tmp_path / 'evil.pth'
    torch.save({'state_dict': {'w': torch.zeros(1)}, 'meta': obj}, path)
    with pytest.raises(CheckpointLoadError, match='refused to load'):
        _load_checkpoint(str(path), map_location='cpu')
    assert not marker.exists()


def test_weights_only_stays_on_globally(tmp_path):
    marker = tmp_path / 'pwned'
    path = tmp_path / 'evil.pth'
    torch.save({'meta': _RunsCode(marker)}, path)
    with pytest.raises(pickle.UnpicklingError):
        torch.load(path)
    assert not marker.exists()


@pytest.mark.parametrize('content', [b'not a checkpoint\n', b''])
def test_not_a_checkpoint(tmp_path, content):
    path = tmp_path / 'notes.pth'
    path.write_bytes(content)
    with pytest.raises(
        CheckpointLoadError, match='is not a PyTorch checkpoint'
    ):
        _load_checkpoint(str(path), map_location='cpu')


def test_truncated_checkpoint(tmp_path):
    path = tmp_path / 'cut.pth'
    torch.save({'w': torch.zeros(100)}, path)
    path.write_bytes(path.read_bytes()[:200])
    with pytest.raises(CheckpointLoadError, match='checkpoint'):
        _load_checkpoint(str(path), map_location='cpu')


def test_missing_checkpoint(tmp_path):
    with pytest.raises(FileNotFoundError, match='can not be found'):
        _load_checkpoint(str(tmp_path / 'nope.pth'))
