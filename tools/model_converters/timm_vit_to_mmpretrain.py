"""Convert a timm ViT checkpoint to mmpretrain's ``VisionTransformer`` keys.

    python tools/model_converters/timm_vit_to_mmpretrain.py SRC DST

The ABMIL landmine paper (Kim & Kwon 2025, Table 1) uses ViT-B/16
pre-trained on ImageNet-21k (supervised; 102.6 M parameters = the 85.8 M
backbone + its 21,843-class head). mmpretrain's model zoo has ViT-B/16 only
fine-tuned on ImageNet-1k; the ImageNet-21k weights are timm's
``vit_base_patch16_224.augreg_in21k`` (or ``.orig_in21k``), a
``model.safetensors`` / ``pytorch_model.bin`` file downloaded by the user.
SRC: that file (.safetensors, .bin or .pth); DST: an mmpretrain checkpoint
(``state_dict`` with ``backbone.*`` keys; the classification head is left
out), the ``pretrained`` file of ``configs/_base_/models/abmil_vit-b16.py``.
"""

import argparse
import os.path as osp
import re
import sys

import torch

from mmir.utils.fileio import atomic_file
from mmir.utils.launch import UsageError, cli_main

RULES = [
    (r'^patch_embed\.proj\.', 'patch_embed.projection.'),
    (r'^blocks\.(\d+)\.norm1\.', r'layers.\1.ln1.'),
    (r'^blocks\.(\d+)\.norm2\.', r'layers.\1.ln2.'),
    (r'^blocks\.(\d+)\.attn\.', r'layers.\1.attn.'),
    (r'^blocks\.(\d+)\.mlp\.fc1\.', r'layers.\1.ffn.layers.0.0.'),
    (r'^blocks\.(\d+)\.mlp\.fc2\.', r'layers.\1.ffn.layers.1.'),
    (r'^norm\.', 'ln1.'),
    (r'^(cls_token|pos_embed)$', r'\1'),
]
DROPPED = re.compile(r'^(head|fc_norm|pre_logits)\.')


def convert(state):
    """timm ViT keys -> ``backbone.*`` keys of mmpretrain's
    ``VisionTransformer`` (final_norm=True); the head is dropped."""
    out = {}
    for key, value in state.items():
        if DROPPED.match(key):
            continue
        for pattern, repl in RULES:
            new, n = re.subn(pattern, repl, key)
            if n:
                out['backbone.' + new] = value
                break
        else:
            raise UsageError(
                f'unexpected key {key!r}: not a timm '
                'VisionTransformer checkpoint'
            )
    return out


def load_state(path):
    if not osp.isfile(path):
        raise UsageError(f'{path} does not exist')
    if path.endswith('.safetensors'):
        from safetensors.torch import load_file

        return load_file(path)
    state = torch.load(path, map_location='cpu', weights_only=True)
    for key in ('state_dict', 'model'):
        if isinstance(state, dict) and key in state:
            state = state[key]
    return state


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('src')
    parser.add_argument('dst')
    args = parser.parse_args(argv)
    state = convert(load_state(args.src))
    with atomic_file(args.dst) as tmp:
        torch.save(
            dict(
                state_dict=state,
                meta=dict(converted_from=osp.basename(args.src)),
            ),
            tmp,
        )
    print(f'{len(state)} tensors -> {args.dst}')


if __name__ == '__main__':
    cli_main(main)(sys.argv[1:])
