# make demo (tools/demo.py): EfficientNetV2-B0 from scratch on the 12 bands
# of the demo patches (data/demo/multiband: 500 64x64 patches, 400 for
# training, 20 % landslides), the paper's augmentation with Mixup + CutMix,
# Adam 3e-4 with cosine over 200 iterations, then the RBF SVM (C = 0.1)
# fitted on the training embeddings; the test set is scored by the SVM.
_base_ = [
    '../effnetv2_svm/_base_/effnetv2-b0-svm_c0.1_1xb36-200i_multiband-64.py'
]
