"""extract_embeddings: the head's input (``extract_feat(stage='pre_logits')``
after the data preprocessor), in eval mode, resumable through a cache."""

import pytest
import torch
from mmpretrain.registry import MODELS
from mmpretrain.structures import DataSample

from mmir.cls.models.utils.embeddings import extract_embeddings
from mmir.utils.resume import RecordCache


def _model():
    torch.manual_seed(0)
    return MODELS.build(
        dict(
            type='ImageClassifier',
            data_preprocessor=dict(
                type='ClsDataPreprocessor', mean=[10.0] * 3, std=[2.0] * 3
            ),
            backbone=dict(
                type='ResNet', depth=18, base_channels=8, out_indices=(3,)
            ),
            neck=dict(type='GlobalAveragePooling'),
            head=dict(type='LinearClsHead', num_classes=3, in_channels=64),
        )
    )


def _batches():
    g = torch.Generator().manual_seed(1)
    return [
        dict(
            inputs=[torch.rand(3, 32, 32, generator=g) * 20 for _ in range(n)],
            data_samples=[
                DataSample().set_gt_label(label) for label in labels
            ],
        )
        for n, labels in ((2, (0, 2)), (1, (1,)))
    ]


def test_embeddings_are_the_pre_logits_in_eval_mode():
    model = _model().train()
    emb, labels = extract_embeddings(model, _batches())
    assert model.training  # mode restored
    assert emb.shape == (3, 64) and emb.dtype == torch.float32
    assert labels.tolist() == [0, 2, 1]
    model.eval()
    with torch.no_grad():
        direct = torch.cat(
            [
                model.extract_feat(
                    model.data_preprocessor(b, False)['inputs'],
                    stage='pre_logits',
                )
                for b in _batches()
            ]
        )
    torch.testing.assert_close(emb, direct)


def test_cached_batches_are_not_run_again(tmp_path):
    path = str(tmp_path / 'emb.jsonl')
    model = _model()
    first, labels = extract_embeddings(
        model, _batches(), cache=RecordCache(path, {'m': 1})
    )

    def fail(*args, **kwargs):
        raise AssertionError('a cached batch went through the model')

    model.extract_feat = fail
    again, again_labels = extract_embeddings(
        model, _batches(), cache=RecordCache(path, {'m': 1})
    )
    assert torch.equal(again, first)  # bit for bit
    assert torch.equal(again_labels, labels)


def test_empty_loader_is_an_error():
    with pytest.raises(ValueError, match='no samples'):
        extract_embeddings(_model(), [])
