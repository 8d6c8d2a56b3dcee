import subprocess
import sys
import textwrap

import numpy as np
import pytest
import torch
from sklearn.svm import SVC

from mmir.cls.models.heads import LGBMClsHead, SVMClsHead

TRAIN_HEAD = dict(type='LinearClsHead', num_classes=2, in_channels=8)


def _data(n=60, d=8, classes=2, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, classes, n)
    x = rng.normal(0, 1, (n, d)) + y[:, None] * 1.2
    return x, y


@pytest.mark.parametrize('C', [1.0, 0.1])
def test_svm_head_equals_sklearn_decisions_binary(C):
    x, y = _data()
    head = SVMClsHead(TRAIN_HEAD, C=C)
    svc = head.fit(torch.from_numpy(x), torch.from_numpy(y))
    xt, _ = _data(40, seed=1)
    d = head.raw_decision(torch.from_numpy(xt))
    np.testing.assert_allclose(
        d.numpy(), svc.decision_function(xt), rtol=1e-9, atol=1e-9
    )
    pred = head.predict((torch.from_numpy(xt).float(),))
    labels = np.array([int(p.pred_label) for p in pred])
    np.testing.assert_array_equal(labels, svc.predict(xt))
    p1 = np.array([float(p.pred_score[1]) for p in pred])
    np.testing.assert_allclose(p1, 1 / (1 + np.exp(-d.numpy())), rtol=1e-5)


def test_svm_head_equals_sklearn_decisions_three_classes():
    x, y = _data(90, classes=3)
    head = SVMClsHead(dict(TRAIN_HEAD, num_classes=3), C=0.5)
    head.fit(torch.from_numpy(x), torch.from_numpy(y))
    ovo = SVC(C=0.5, gamma='scale', decision_function_shape='ovo').fit(x, y)
    ovr = SVC(C=0.5, gamma='scale').fit(x, y)
    xt, _ = _data(30, classes=3, seed=2)
    np.testing.assert_allclose(
        head.raw_decision(torch.from_numpy(xt)),
        ovo.decision_function(xt),
        atol=1e-8,
    )
    np.testing.assert_allclose(
        head.decision(torch.from_numpy(xt)),
        ovr.decision_function(xt),
        atol=1e-5,
    )
    pred = head.predict((torch.from_numpy(xt).float(),))
    np.testing.assert_array_equal(
        [int(p.pred_label) for p in pred], ovr.predict(xt)
    )


def test_svm_head_trains_as_its_train_head_until_fitted():
    head = SVMClsHead(TRAIN_HEAD)
    feats = (torch.randn(4, 8),)
    assert not bool(head.fitted)
    ref = head.train_head.predict(feats)
    out = head.predict(feats)
    assert torch.equal(out[0].pred_score, ref[0].pred_score)
    with pytest.raises(ValueError, match='two classes'):
        head.fit(torch.randn(5, 8), torch.zeros(5))
    with pytest.raises(ValueError, match='C must be positive'):
        SVMClsHead(TRAIN_HEAD, C=0)


def test_svm_head_checkpoint_round_trip_without_sklearn(tmp_path):
    x, y = _data()
    head = SVMClsHead(TRAIN_HEAD, C=0.1)
    svc = head.fit(torch.from_numpy(x), torch.from_numpy(y))
    xt, _ = _data(25, seed=3)
    torch.save(head.state_dict(), tmp_path / 'head.pth')
    np.save(tmp_path / 'x.npy', xt)
    np.save(tmp_path / 'expect.npy', svc.decision_function(xt))
    script = textwrap.dedent(f"""
        import sys
        sys.modules['sklearn'] = None  # any sklearn import now fails
        import numpy as np, torch
        from mmir.cls.models.heads import SVMClsHead
        head = SVMClsHead({TRAIN_HEAD!r})
        state = torch.load(r'{tmp_path}/head.pth', weights_only=True)
        head.load_state_dict(state)
        x = torch.from_numpy(np.load(r'{tmp_path}/x.npy'))
        d = head.raw_decision(x).numpy()
        assert bool(head.fitted)
        assert 'sklearn' not in [m.split('.')[0] for m in sys.modules
                                 if sys.modules[m] is not None]
        np.testing.assert_allclose(d, np.load(r'{tmp_path}/expect.npy'),
                                   atol=1e-9)
        print('ok', head.support_vectors.shape[0])
    """)
    out = subprocess.run(
        [sys.executable, '-c', script], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.split() == ['ok', str(len(svc.support_vectors_))]


def test_lgbm_head_keeps_the_text_model_and_matches_lightgbm():
    x, y = _data(80)
    head = LGBMClsHead(TRAIN_HEAD, params=dict(n_estimators=20))
    model = head.fit(torch.from_numpy(x), torch.from_numpy(y))
    text = head.model_string()
    assert text.startswith('tree') and text == model.booster_.model_to_string()
    xt, _ = _data(20, seed=4)
    pred = head.predict((torch.from_numpy(xt).float(),))
    np.testing.assert_allclose(
        [float(p.pred_score[1]) for p in pred],
        model.predict_proba(xt)[:, 1],
        rtol=1e-5,
    )
    # a fresh head loads the buffers (resized) and predicts the same
    fresh = LGBMClsHead(TRAIN_HEAD)
    fresh.load_state_dict(head.state_dict())
    again = fresh.predict((torch.from_numpy(xt).float(),))
    assert [int(p.pred_label) for p in again] == [
        int(p.pred_label) for p in pred
    ]


@pytest.mark.parametrize('present', [(0, 2, 3), (1, 3), (2, 0)])
def test_heads_fitted_on_a_subset_of_the_classes(present):
    """A k-fold part without a rare class: the head keeps its num_classes
    layout, each fitted class's score lands in that class's column (checked
    against scikit-learn / LightGBM on the same data) and an absent class is
    never predicted."""
    import lightgbm

    rng = np.random.default_rng(7)
    y = np.array(present)[rng.integers(0, len(present), 90)]
    x = rng.normal(0, 1, (90, 8)) + y[:, None] * 0.9
    xt = rng.normal(0, 1, (40, 8)) + rng.integers(0, 4, 40)[:, None] * 0.9
    four = dict(TRAIN_HEAD, num_classes=4)
    absent = [c for c in range(4) if c not in present]

    svm = SVMClsHead(four, C=0.5)
    svm.fit(torch.from_numpy(x), torch.from_numpy(y))
    ref = SVC(C=0.5, gamma='scale').fit(x, y)
    scores = svm.decision(torch.from_numpy(xt)).numpy()
    ref_scores = ref.decision_function(xt)
    if len(present) == 2:  # sklearn: one column, positive = classes_[1]
        ref_scores = np.stack([-ref_scores / 2, ref_scores / 2], 1)
    np.testing.assert_allclose(scores[:, ref.classes_], ref_scores, atol=1e-5)
    assert (scores[:, absent] <= -1e4 + 1).all()
    labels = [
        int(p.pred_label) for p in svm.predict((torch.from_numpy(xt).float(),))
    ]
    np.testing.assert_array_equal(labels, ref.predict(xt))

    lgbm = LGBMClsHead(four, params=dict(n_estimators=20))
    model = lgbm.fit(torch.from_numpy(x), torch.from_numpy(y))
    assert isinstance(model, lightgbm.LGBMClassifier)
    pred = lgbm.predict((torch.from_numpy(xt).float(),))
    prob = np.array([p.pred_score.numpy() for p in pred])
    np.testing.assert_allclose(
        prob[:, model.classes_], model.predict_proba(xt), rtol=1e-5, atol=1e-7
    )
    assert (prob[:, absent] < 1e-6).all()
    np.testing.assert_array_equal(
        [int(p.pred_label) for p in pred], model.predict(xt)
    )
