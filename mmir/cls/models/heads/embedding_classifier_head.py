"""Heads that replace the linear classifier of a trained network by a
classical classifier fitted on its pooled embeddings (Tang et al.,
section 3 "Post-processing using SVM", Table 3)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import torch
from mmpretrain.models.heads import ClsHead
from mmpretrain.registry import MODELS

if TYPE_CHECKING:
    from mmpretrain.structures import DataSample


class EmbeddingClassifierHead(ClsHead):
    """Trains as ``train_head`` (e.g. mmpretrain's ``LinearClsHead``);
    once :meth:`fit` has stored a fitted classifier in its buffers (flag
    ``fitted``), :meth:`predict` uses that classifier on
    ``train_head.pre_logits(feats)`` instead.

    Buffers are resized when a checkpoint is loaded, so one config both
    trains the network and tests the fitted checkpoint.
    """

    def __init__(
        self,
        train_head: dict,
        num_classes: int | None = None,
        init_cfg: dict | list[dict] | None = None,
    ):
        super().__init__(init_cfg=init_cfg)
        self.train_head = MODELS.build(train_head)
        self.num_classes = num_classes or getattr(
            self.train_head, 'num_classes', None
        )
        if not self.num_classes or self.num_classes < 2:
            raise ValueError(
                'set num_classes (>= 2) on the head or its train_head'
            )
        self.register_buffer('fitted', torch.tensor(False))

    # training: the train head
    def pre_logits(self, feats: tuple[torch.Tensor, ...]) -> torch.Tensor:
        return self.train_head.pre_logits(feats)

    def forward(self, feats: tuple[torch.Tensor, ...]) -> torch.Tensor:
        return self.train_head(feats)

    def loss(
        self,
        feats: tuple[torch.Tensor, ...],
        data_samples: list[DataSample],
        **kwargs: Any,
    ) -> dict:
        return self.train_head.loss(feats, data_samples, **kwargs)

    def _load_from_state_dict(
        self, state_dict, prefix, *args, **kwargs
    ) -> None:
        for name, buf in self._buffers.items():
            key = prefix + name
            if (
                buf is not None
                and key in state_dict
                and state_dict[key].shape != buf.shape
            ):
                self._buffers[name] = torch.empty_like(
                    state_dict[key], dtype=buf.dtype, device=buf.device
                )
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)

    def _set_buffer(self, name, value) -> None:
        ref = self._buffers[name]
        self._buffers[name] = (
            torch.as_tensor(value, dtype=ref.dtype).to(ref.device).clone()
        )

    def decision(self, embeddings: torch.Tensor) -> torch.Tensor:
        """Class scores ``(B, num_classes)`` of the fitted classifier."""
        raise NotImplementedError

    def fit(self, embeddings: torch.Tensor, labels: torch.Tensor) -> Any:
        """Fit the classifier on ``(N, D)`` embeddings and ``(N,)`` labels
        and store it in the buffers."""
        raise NotImplementedError

    def predict(
        self,
        feats: tuple[torch.Tensor, ...],
        data_samples: list[DataSample | None] | None = None,
    ) -> list[DataSample]:
        if not bool(self.fitted):
            return self.train_head.predict(feats, data_samples)
        return self._get_predictions(
            self.decision(self.pre_logits(feats)), data_samples
        )


def _check_labels(labels, num_classes):
    labels = torch.as_tensor(labels).long().reshape(-1)
    present = torch.unique(labels)
    if len(present) < 2:
        raise ValueError(
            'fitting a classifier needs samples of at least '
            f'two classes, got classes {present.tolist()}'
        )
    if present.min() < 0 or present.max() >= num_classes:
        raise ValueError(
            f'labels must be in [0, {num_classes}), got {present.tolist()}'
        )
    return labels


@MODELS.register_module()
class SVMClsHead(EmbeddingClassifierHead):
    """RBF-kernel SVM on the embeddings, fitted with scikit-learn's ``SVC``
    and evaluated in torch from buffers (support vectors ``x_s``, dual
    coefficients, intercepts, gamma), so inference needs no scikit-learn,
    no pickle, and runs batched on the model's device.

    Binary (classes 0, 1)::

        d(x) = sum_s a_s exp(-gamma |x - x_s|^2) + b      (libsvm's dual)
        scores = [-d/2, d/2]   (softmax -> p(1) = sigmoid(d); d > 0 -> 1)

    More classes: the one-vs-one decisions of every class pair, combined
    as scikit-learn's ``decision_function_shape='ovr'`` does (votes plus
    bounded confidences). ``C``: the soft-margin cost (paper eq. 3; 0.1 is
    its best, Table 3); ``gamma``: 'scale' (``1 / (D var(X))``), 'auto'
    (``1 / D``) or a number.
    """

    def __init__(
        self,
        train_head: dict,
        C: float = 1.0,
        gamma: str = 'scale',
        num_classes: int | None = None,
        class_weight: dict | str | None = None,
        init_cfg: dict | list[dict] | None = None,
    ):
        super().__init__(train_head, num_classes, init_cfg)
        if C <= 0:
            raise ValueError(f'C must be positive, got {C}')
        self.C, self.gamma, self.class_weight = C, gamma, class_weight
        # float64 like libsvm, so decisions equal scikit-learn's
        f64 = dict(dtype=torch.float64)
        self.register_buffer('support_vectors', torch.zeros(0, 0, **f64))
        self.register_buffer('dual_coef', torch.zeros(0, 0, **f64))
        self.register_buffer('intercept', torch.zeros(0, **f64))
        self.register_buffer('n_support', torch.zeros(0, dtype=torch.long))
        self.register_buffer('classes', torch.zeros(0, dtype=torch.long))
        self.register_buffer('gamma_value', torch.tensor(0.0, **f64))

    def fit(self, embeddings: torch.Tensor, labels: torch.Tensor) -> Any:
        from sklearn.svm import SVC

        x = torch.as_tensor(embeddings).double().cpu().numpy()
        y = _check_labels(labels, self.num_classes).numpy()
        svc = SVC(
            C=self.C,
            kernel='rbf',
            gamma=self.gamma,
            class_weight=self.class_weight,
        ).fit(x, y)
        self.load_svc(svc)
        return svc

    def load_svc(self, svc: Any) -> None:
        """Copy a fitted scikit-learn RBF ``SVC`` into the buffers."""
        if svc.kernel != 'rbf':
            raise ValueError(
                f'SVMClsHead evaluates RBF SVMs, got kernel {svc.kernel!r}'
            )
        self._set_buffer('support_vectors', svc.support_vectors_)
        self._set_buffer('dual_coef', svc.dual_coef_)
        self._set_buffer('intercept', svc.intercept_)
        self._set_buffer('n_support', svc.n_support_)
        self._set_buffer('classes', svc.classes_)
        self._set_buffer('gamma_value', float(svc._gamma))
        self.fitted.fill_(True)

    def _kernel(self, x):
        sv = self.support_vectors.to(x.dtype)
        d2 = (
            (x * x).sum(1, keepdim=True)
            - 2 * x @ sv.t()
            + (sv * sv).sum(1)[None]
        )
        return torch.exp(-self.gamma_value.to(x.dtype) * d2.clamp_min(0))

    def raw_decision(self, embeddings: torch.Tensor) -> torch.Tensor:
        """Binary: ``(B,)`` ``d(x)``; more classes: ``(B, K(K-1)/2)``
        one-vs-one decisions (scikit-learn's ``decision_function`` with
        ``decision_function_shape='ovo'``)."""
        x = embeddings.double()
        k = self._kernel(x)  # (B, S)
        coef = self.dual_coef.to(x.dtype)
        b = self.intercept.to(x.dtype)
        if len(self.classes) == 2:
            return k @ coef[0] + b[0]
        starts = torch.cat(
            [self.n_support.new_zeros(1), self.n_support.cumsum(0)]
        ).tolist()
        out, p = [], 0
        n = len(self.classes)
        for i in range(n):
            si = slice(starts[i], starts[i + 1])
            for j in range(i + 1, n):
                sj = slice(starts[j], starts[j + 1])
                out.append(
                    k[:, si] @ coef[j - 1, si] + k[:, sj] @ coef[i, sj] + b[p]
                )
                p += 1
        return torch.stack(out, 1)

    def decision(self, embeddings: torch.Tensor) -> torch.Tensor:
        raw = self.raw_decision(embeddings)
        b = raw.shape[0]
        n = len(self.classes)
        if n == 2:
            fitted = torch.stack([-raw / 2, raw / 2], 1)
        else:
            votes = raw.new_zeros(b, n)
            conf = raw.new_zeros(b, n)
            p = 0
            for i in range(n):
                for j in range(i + 1, n):
                    conf[:, i] += raw[:, p]
                    conf[:, j] -= raw[:, p]
                    votes[:, i] += (raw[:, p] >= 0).to(raw.dtype)
                    votes[:, j] += (raw[:, p] < 0).to(raw.dtype)
                    p += 1
            fitted = votes + conf / (3 * (conf.abs() + 1))
        # columns of the fitted classes into the head's class layout
        scores = fitted.new_full((b, self.num_classes), -1e4)
        scores[:, self.classes] = fitted
        return scores.float()


@MODELS.register_module()
class LGBMClsHead(EmbeddingClassifierHead):
    """LightGBM gradient-boosted trees on the embeddings (the paper's LGBM
    row, Table 3). The fitted booster is kept in LightGBM's own text model
    format, as a ``uint8`` buffer ``model_text`` (no pickle); inference
    parses it once with ``lightgbm.Booster(model_str=...)``.

    Scores are log class probabilities (so ``pred_score`` = LightGBM's
    probabilities). ``params``: LightGBM parameters (``n_estimators``,
    ``learning_rate``, ...), seeded by ``seed``.
    """

    def __init__(
        self,
        train_head: dict,
        params: dict | None = None,
        seed: int = 0,
        num_classes: int | None = None,
        init_cfg: dict | list[dict] | None = None,
    ) -> None:
        super().__init__(train_head, num_classes, init_cfg)
        self.params = dict(
            n_estimators=200,
            learning_rate=0.05,
            num_leaves=15,
            min_child_samples=5,
            verbose=-1,
        )
        self.params.update(params or {})
        self.seed = seed
        self.register_buffer('model_text', torch.zeros(0, dtype=torch.uint8))
        self.register_buffer('classes', torch.zeros(0, dtype=torch.long))
        self._booster = None
        self._booster_src = None

    def fit(self, embeddings: torch.Tensor, labels: torch.Tensor) -> Any:
        import lightgbm

        x = torch.as_tensor(embeddings).double().cpu().numpy()
        y = _check_labels(labels, self.num_classes).numpy()
        model = lightgbm.LGBMClassifier(
            random_state=self.seed, **self.params
        ).fit(x, y)
        text = model.booster_.model_to_string()
        self._set_buffer(
            'model_text',
            torch.frombuffer(bytearray(text.encode()), dtype=torch.uint8),
        )
        self._set_buffer('classes', model.classes_)
        self.fitted.fill_(True)
        return model

    def model_string(self) -> str:
        """The booster in LightGBM's text format."""
        return bytes(self.model_text.cpu().numpy()).decode()

    def _get_booster(self):
        import lightgbm

        src = self.model_text.data_ptr(), self.model_text.numel()
        if self._booster is None or self._booster_src != src:
            self._booster = lightgbm.Booster(model_str=self.model_string())
            self._booster_src = src
        return self._booster

    def decision(self, embeddings: torch.Tensor) -> torch.Tensor:
        x = embeddings.detach().double().cpu().numpy()
        prob = torch.as_tensor(self._get_booster().predict(x))
        if prob.dim() == 1:
            prob = torch.stack([1 - prob, prob], 1)
        scores = torch.full(
            (len(x), self.num_classes), -1e4, dtype=torch.float64
        )
        scores[:, self.classes.cpu()] = prob.clamp_min(1e-12).log()
        return scores.float().to(embeddings.device)
