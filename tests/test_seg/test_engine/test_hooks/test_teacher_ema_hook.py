"""TeacherEMAHook: theta_t = lambda theta_t + (1 - lambda) theta_s (eq. 1)."""

from types import SimpleNamespace

import pytest
import torch
import torch.nn as nn

from mmir.seg.engine.hooks import TeacherEMAHook


class Pair(nn.Module):
    def __init__(self):
        super().__init__()
        self.student = nn.Linear(2, 1)
        self.teacher = nn.Linear(2, 1)
        self.teacher.requires_grad_(False)


def _set(module, value):
    with torch.no_grad():
        for p in module.parameters():
            p.fill_(value)


def test_numbers_after_one_and_two_updates():
    model = Pair()
    _set(model.teacher, 1.0)
    _set(model.student, 3.0)
    runner = SimpleNamespace(model=model, iter=0)
    hook = TeacherEMAHook(momentum=0.996)
    hook.before_train(runner)
    hook.after_train_iter(runner, 0)
    one = 0.996 * 1.0 + 0.004 * 3.0  # 1.008
    for p in model.teacher.parameters():
        assert torch.allclose(p, torch.full_like(p, one))
    _set(model.student, 5.0)
    runner.iter = 1
    hook.after_train_iter(runner, 1)
    two = 0.996 * one + 0.004 * 5.0  # 1.023968
    for p in model.teacher.parameters():
        assert torch.allclose(p, torch.full_like(p, two))
    assert two == pytest.approx(1.023968)
    for p in model.student.parameters():  # the student is untouched
        assert torch.equal(p, torch.full_like(p, 5.0))


def test_momentum_is_the_teacher_weight_not_mmengines():
    model = Pair()
    _set(model.teacher, 0.0)
    _set(model.student, 1.0)
    TeacherEMAHook(momentum=0.9).update(model)
    # MMEngine's EMAHook(momentum=0.9) would give 0.9 here.
    assert torch.allclose(model.teacher.weight, torch.tensor(0.1))


def test_frozen_and_copy_and_interval():
    model = Pair()
    _set(model.teacher, 1.0)
    _set(model.student, 2.0)
    TeacherEMAHook(momentum=1.0).update(model)
    assert torch.equal(model.teacher.weight, torch.ones(1, 2))
    TeacherEMAHook(momentum=0.0).update(model)
    assert torch.equal(model.teacher.weight, torch.full((1, 2), 2.0))
    _set(model.teacher, 1.0)
    runner = SimpleNamespace(model=model, iter=0)
    hook = TeacherEMAHook(momentum=0.5, interval=2)
    hook.before_train(runner)
    hook.after_train_iter(runner, 0)  # iteration 1 of 2: no update
    assert torch.equal(model.teacher.weight, torch.ones(1, 2))
    runner.iter = 1
    hook.after_train_iter(runner, 1)
    assert torch.equal(model.teacher.weight, torch.full((1, 2), 1.5))


def test_errors():
    with pytest.raises(ValueError, match='momentum'):
        TeacherEMAHook(momentum=1.5)
    with pytest.raises(AttributeError, match="no 'student'"):
        TeacherEMAHook().update(nn.Module())
    bad = Pair()
    bad.teacher = nn.Linear(2, 1, bias=False)
    with pytest.raises(ValueError, match='differ'):
        TeacherEMAHook().update(bad)
