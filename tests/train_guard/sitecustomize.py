"""Loaded by every Python process the test suite starts (tests/conftest.py
puts this folder on PYTHONPATH): each ``Runner.train`` of MMEngine appends
a line to ``$MMIR_TRAIN_RECORD``, so that a test which trains a model in a
subprocess without the ``e2e`` or ``slow`` marker fails (conftest)."""

import os
import sys


def record_training(runner_cls):
    """Wrap ``runner_cls.train`` to append ``<pid> <argv>`` to the
    file ``$MMIR_TRAIN_RECORD``."""
    train = runner_cls.train
    if getattr(train, 'mmir_recorded', False):
        return

    def recorded(self, *args, **kwargs):
        with open(os.environ['MMIR_TRAIN_RECORD'], 'a') as f:
            f.write(f'{os.getpid()} {" ".join(sys.argv)[:300]}\n')
        return train(self, *args, **kwargs)

    recorded.mmir_recorded = True
    runner_cls.train = recorded


class _RunnerFinder:
    """Wraps ``Runner.train`` as soon as mmengine.runner.runner is loaded."""

    def find_spec(self, name, path=None, target=None):
        if name != 'mmengine.runner.runner':
            return None
        import importlib.util

        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        exec_module = spec.loader.exec_module

        def exec_and_wrap(module):
            exec_module(module)
            record_training(module.Runner)

        spec.loader.exec_module = exec_and_wrap
        return spec


if __name__ == 'sitecustomize' and os.environ.get('MMIR_TRAIN_RECORD'):
    sys.meta_path.insert(0, _RunnerFinder())
