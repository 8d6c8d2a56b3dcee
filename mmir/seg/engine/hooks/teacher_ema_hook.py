"""EMA update of MRIFE's teacher encoder (He et al., MRIFE, eq. 1)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import torch
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from mmseg.registry import HOOKS

if TYPE_CHECKING:
    import torch.nn as nn
    from mmengine.runner import Runner


@HOOKS.register_module()
class TeacherEMAHook(Hook):
    """theta_t <- lambda * theta_t + (1 - lambda) * theta_s after every
    ``interval`` training iterations (eq. 1, lambda = 0.996).

    ``momentum`` here is lambda, the weight of the *teacher*: the opposite of
    MMEngine's ``EMAHook``/``ExponentialMovingAverage`` and mmdet's
    ``ExpMomentumEMA``, whose ``momentum`` weights the new (student) value,
    i.e. theirs = 1 - lambda. ``momentum=1`` keeps the teacher frozen at its
    initial copy of the student; ``momentum=0`` copies the student every
    iteration. Only parameters are averaged; the teacher's buffers (BN
    statistics) are its own, accumulated by its forward passes.

    Args:
        momentum (float): lambda in [0, 1].
        interval (int): update every this many iterations.
        student (str), teacher (str): attribute names on the model.
    """

    priority = 'ABOVE_NORMAL'

    def __init__(
        self,
        momentum: float = 0.996,
        interval: int = 1,
        student: str = 'student',
        teacher: str = 'teacher',
    ):
        if not 0 <= momentum <= 1:
            raise ValueError(
                f'TeacherEMAHook: momentum={momentum} must be '
                'in [0, 1] (it weights the teacher)'
            )
        self.momentum = momentum
        self.interval = interval
        self.student_name = student
        self.teacher_name = teacher

    def _pairs(self, model):
        if is_model_wrapper(model):
            model = model.module
        for name in (self.student_name, self.teacher_name):
            if not hasattr(model, name):
                raise AttributeError(
                    f'TeacherEMAHook: {type(model).__name__} has no '
                    f'{name!r} module'
                )
        student = dict(getattr(model, self.student_name).named_parameters())
        teacher = dict(getattr(model, self.teacher_name).named_parameters())
        if student.keys() != teacher.keys():
            raise ValueError(
                'TeacherEMAHook: student and teacher parameters '
                'differ: '
                f'{sorted(student.keys() ^ teacher.keys())[:5]}'
            )
        return [teacher[k] for k in teacher], [student[k] for k in teacher]

    def before_train(self, runner: Runner) -> None:
        self._params = self._pairs(runner.model)

    def update(self, model: nn.Module) -> None:
        """One EMA step on ``model`` (used by the hook and by tests)."""
        teacher, student = self._pairs(model)
        self._step(teacher, student)

    @torch.no_grad()
    def _step(self, teacher, student) -> None:
        if self.momentum == 1:
            return
        torch._foreach_mul_(teacher, self.momentum)
        torch._foreach_add_(
            teacher, [p.detach() for p in student], alpha=1 - self.momentum
        )

    def after_train_iter(
        self,
        runner: Runner,
        batch_idx: int,
        data_batch: dict | tuple | list | None = None,
        outputs: dict | None = None,
    ) -> None:
        if self.every_n_train_iters(runner, self.interval):
            self._step(*self._params)
