# Table IV, row B: the DeepLabV3+ baseline.
_base_ = '../deeplabv3plus_r101-d8_100e_synth-landslide.py'
