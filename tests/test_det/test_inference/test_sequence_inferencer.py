"""Streaming dim-target inference on a folder of frames or a video: the
input of each key frame equals the dataset's, ONNX equals PyTorch, the
outputs are complete and the errors name the frame."""

import copy
import json
import os.path as osp

import cv2
import numpy as np
import pytest
import torch
from conftest import ROOT, run_tool
from mmengine.config import Config
from mmengine.registry import MODELS, DefaultScope

CONFIG = osp.join(
    ROOT,
    'configs/dim_target/dim-target_darknet19_chip64_1xb4-20i_'
    'synth-ir-sequence.py',
)


@pytest.fixture(scope='module')
def sequence(tmp_path_factory):
    """(data root, its val.json, a checkpoint with many detections)."""
    from mmir.datasets.synthetic import generate

    root = tmp_path_factory.mktemp('seq') / 'ir_sequence'
    generate('ir_sequence', str(root))
    cfg = Config.fromfile(CONFIG)
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope('mmdet'):
        model = MODELS.build(copy.deepcopy(cfg.model))
    with torch.no_grad():  # random weights, scores above score_thr
        model.bbox_head.conv_pred.bias[4] = 2.0
    ckpt = root / 'model.pth'
    torch.save(dict(state_dict=model.state_dict(), meta={}), ckpt)
    return root, str(ckpt)


def first_video(root):
    ann = json.loads((root / 'annotations/val.json').read_text())
    names = sorted(i['file_name'] for i in ann['images'])
    folder = osp.dirname(names[0])
    return ann, folder, [n for n in names if n.startswith(folder + '/')]


def test_detections_equal_the_dataset_path(sequence, tmp_path):
    from mmdet.registry import DATASETS

    from mmir.det.inference import SequenceInferencer

    root, ckpt = sequence
    _, folder, names = first_video(root)
    inferencer = SequenceInferencer(CONFIG, ckpt)
    assert inferencer.window == 4  # frames held while streaming
    out = inferencer(str(root / 'frames' / folder), progress=False)
    images = out['coco']['images']
    assert len(images) == len(names)
    assert [i.get('skipped', False) for i in images[:4]] == [1, 1, 1, 0]
    # the same key frames through IRSequenceDataset and test_step
    cfg = Config.fromfile(CONFIG)
    ds_cfg = copy.deepcopy(cfg.test_dataloader.dataset)
    ds_cfg.update(data_root=str(root), ann_file='annotations/val.json')
    with DefaultScope.overwrite_default_scope('mmdet'):
        dataset = DATASETS.build(ds_cfg)
    model = inferencer.model
    compared = 0
    for k in range(len(dataset)):
        info = dataset.get_data_info(k)
        if not info['img_path'].startswith(str(root / 'frames' / folder)):
            continue
        with torch.no_grad():
            ref = model.test_step(
                dict(
                    inputs=[dataset[k]['inputs']],
                    data_samples=[dataset[k]['data_samples']],
                )
            )[0].pred_instances
        t = info['frame_id']
        ours = [a for a in out['coco']['annotations'] if a['image_id'] == t]
        assert len(ours) == len(ref) > 0
        np.testing.assert_allclose(
            [a['score'] for a in ours], ref.scores.numpy(), atol=1e-6
        )
        boxes = np.array([a['bbox'] for a in ours])
        boxes[:, 2:] += boxes[:, :2]
        np.testing.assert_allclose(boxes, ref.bboxes.numpy(), atol=1e-3)
        compared += 1
    assert compared == len(names) - 3
    # every detection of a track is in the COCO file with that track id
    for track in out['tracks']:
        for f in track['frames']:
            assert any(
                a['image_id'] == f['frame_id']
                and a['track_id'] == track['track_id']
                for a in out['coco']['annotations']
            )


def test_onnx_backend_equals_pytorch(sequence, tmp_path):
    from mmir.deploy import export_onnx
    from mmir.det.inference import SequenceInferencer

    root, ckpt = sequence
    _, folder, _ = first_video(root)
    inferencer = SequenceInferencer(CONFIG, ckpt)
    onnx = str(tmp_path / 'dim.onnx')
    assert export_onnx(inferencer.model, onnx, (1, 3, 512, 640)).ok
    source = str(root / 'frames' / folder)
    ref = inferencer(source, progress=False)['coco']['annotations']
    got = SequenceInferencer(CONFIG, ckpt, onnx=onnx)(source, progress=False)
    got = got['coco']['annotations']

    assert len(got) == len(ref) > 0
    # equal scores may come in either order: match each detection
    unused = list(got)
    for a in ref:
        match = next(
            b
            for b in unused
            if b['image_id'] == a['image_id']
            and abs(b['score'] - a['score']) < 1e-4
            and np.allclose(b['bbox'], a['bbox'], atol=0.05)
        )
        unused.remove(match)


def test_video_in_annotated_video_out(sequence, tmp_path):
    from mmir.datasets.thermal import stretch_to_uint8
    from mmir.det.inference import SequenceInferencer

    root, ckpt = sequence
    _, folder, names = first_video(root)
    video = str(tmp_path / 'clip.avi')
    writer = cv2.VideoWriter(
        video, cv2.VideoWriter_fourcc(*'MJPG'), 10, (640, 512)
    )
    for n in names:
        frame = stretch_to_uint8(
            cv2.imread(str(root / 'frames' / n), -1), 1, 99.9
        )
        writer.write(cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR))
    writer.release()
    out_dir = tmp_path / 'out'
    out_dir.mkdir()
    result = SequenceInferencer(CONFIG, ckpt)(
        video, str(out_dir), progress=False
    )
    assert result['summary']['frames'] == len(names)
    assert result['coco']['images'][5]['file_name'] == 'clip:000005'
    cap = cv2.VideoCapture(str(out_dir / 'detections.mp4'))
    assert int(cap.get(cv2.CAP_PROP_FRAME_COUNT)) == len(names)
    cap.release()
    for name in ('detections.json', 'tracks.json', 'summary.json'):
        assert json.loads((out_dir / name).read_text())


def test_frames_in_natural_order_and_bad_frames_named(tmp_path):
    from mmir.det.inference import read_frames

    for i in (10, 2, 1):
        cv2.imwrite(str(tmp_path / f'{i}.png'), np.full((8, 8), i, np.uint16))
    frames = list(read_frames(str(tmp_path)))
    assert [n for n, _ in frames] == ['1.png', '2.png', '10.png']
    assert frames[2][1].dtype == np.uint16 and frames[2][1][0, 0] == 10
    (tmp_path / '11.png').write_bytes(b'not a png')
    with pytest.raises(ValueError, match='11.png: not a readable image'):
        list(read_frames(str(tmp_path)))
    with pytest.raises(FileNotFoundError, match='no such folder'):
        list(read_frames(str(tmp_path / 'missing.mp4')))


def test_tool_writes_outputs_once(sequence, tmp_path):
    root, ckpt = sequence
    _, folder, names = first_video(root)
    args = (
        'tools/inference/dim_target_sequence.py',
        CONFIG,
        ckpt,
        root / 'frames' / folder,
        '--out-dir',
        tmp_path / 'out',
        '--quiet',
        '--no-video',
    )
    proc = run_tool(*args)
    assert f'{len(names)} frames ({len(names) - 3} with enough history)' in (
        proc.stdout
    )
    assert 'frames/s (network + NMS)' in proc.stdout
    assert sorted(p.name for p in (tmp_path / 'out').iterdir()) == [
        'detections.json',
        'mmir_manifest.json',
        'summary.json',
        'tracks.json',
    ]
    assert 'up to date' in run_tool(*args).stdout
