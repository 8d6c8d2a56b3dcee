# Table IV, row B+M+C: the full MRIFE.
_base_ = '../mrife_r101-d8-aspp-se_100e_synth-landslide.py'
