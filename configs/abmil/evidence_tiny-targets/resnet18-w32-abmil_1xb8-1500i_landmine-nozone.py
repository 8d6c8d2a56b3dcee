# Evidence experiment 1 (tools/evidence.py abmil-tiny-targets): ABMIL on
# landmine images whose backgrounds say nothing about the label (generator
# option zone_cue=False) and whose mines are 6-15 px discs (altitudes 3-8 m,
# buried at most 1 cm) in 168x128 images, half of them mine-free; the
# mean-pooling row differs in the neck only.
_base_ = '../_base_/resnet18-w32-abmil_1xb8-1500i_landmine-168x128.py'
