"""Learned inpainters exported as TorchScript (LaMa, Suvorov et al. 2022)."""

import numpy as np
import torch
import torch.nn.functional as F

from .registry import INPAINTERS


@INPAINTERS.register_module()
class TorchScriptInpainter:
    """A learned inpainter saved as TorchScript, e.g. LaMa (Suvorov et al.,
    WACV 2022; the inpainter of the paper) exported as ``big-lama.pt``.

    Calling convention (LaMa's): ``model(image, mask)`` with ``image``
    ``(1, 3, H, W)`` float RGB in [0, 1] and ``mask`` ``(1, 1, H, W)`` in
    {0, 1}, H and W padded (reflect) to multiples of ``pad_to``; returns
    ``(1, 3, H, W)`` in [0, ``output_scale``]. Single-channel images are
    repeated to 3 channels and the result averaged back. The model's output
    is used inside the mask only, so unmasked pixels are unchanged.

    Args:
        checkpoint (str): local TorchScript file (nothing is downloaded).
        device (str): ``'cpu'`` or ``'cuda'``.
    """

    def __init__(
        self,
        checkpoint: str,
        device: str = 'cpu',
        pad_to: int = 8,
        output_scale: float = 1.0,
    ):
        self.checkpoint = checkpoint
        self.device = device
        self.pad_to = pad_to
        self.output_scale = output_scale
        try:
            self.model = torch.jit.load(checkpoint, map_location=device)
        except (RuntimeError, ValueError, FileNotFoundError) as err:
            raise RuntimeError(
                f'TorchScriptInpainter: cannot load '
                f'{checkpoint} as TorchScript: {err}'
            ) from err
        self.model.eval()

    @torch.no_grad()
    def __call__(self, image, mask):
        image = np.asarray(image)
        gray = image.ndim == 2
        if image.dtype != np.uint8:
            raise TypeError(
                f'TorchScriptInpainter expects uint8 images, got {image.dtype}'
            )
        img = torch.from_numpy(image).float().div(255)
        img = (
            img[None, None].repeat(1, 3, 1, 1)
            if gray
            else img.permute(2, 0, 1)[None]
        )
        m = torch.from_numpy((np.asarray(mask) > 0).astype(np.float32))
        m = m[None, None]
        h, w = img.shape[-2:]
        ph, pw = -h % self.pad_to, -w % self.pad_to
        if ph or pw:
            img = F.pad(img, (0, pw, 0, ph), mode='reflect')
            m = F.pad(m, (0, pw, 0, ph), mode='reflect')
        out = self.model(img.to(self.device), m.to(self.device)).float().cpu()
        out = out[..., :h, :w] / self.output_scale
        out = out.mean(1) if gray else out[0].permute(1, 2, 0)
        out = out.squeeze(0).clamp(0, 1).mul(255).round().byte().numpy()
        keep = np.asarray(mask) > 0
        if not gray:
            keep = keep[..., None]
        return np.where(keep, out, image)
