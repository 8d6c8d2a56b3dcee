# BoxInst R50-FPN (Tian et al., CVPR 2021): CondInst trained from boxes only,
# as mmdet 3.3's configs/boxinst/boxinst_r50_fpn_ms-90k_coco.py sets it up
# (its data preprocessor needs scikit-image for the Lab colour affinities).
_base_ = ['./condinst_r50_fpn.py']
model = dict(
    type='BoxInst',
    data_preprocessor=dict(
        _delete_=True,
        type='BoxInstDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        bgr_to_rgb=True,
        pad_size_divisor=32,
        mask_stride=4,
        pairwise_size=3,
        pairwise_dilation=2,
        pairwise_color_thresh=0.3,
        bottom_pixels_removed=10,
    ),
    bbox_head=dict(type='BoxInstBboxHead', num_params=593),
    mask_head=dict(
        type='BoxInstMaskHead',
        feat_channels=16,
        max_masks_to_train=-1,
        topk_masks_per_img=64,
        mask_feature_head=dict(out_channels=16),
    ),
)
