# Evidence experiment 2 (tools/evidence.py abmil-inpainting): ABMIL trained
# on the duplicated train set of landmine images whose background tells the
# zone, and so the label (the generator's default zone cue), 168x128, half
# mine-free. The inpainting row trains on the inpainting-augmented set
# instead; both are tested on the test split and on the inpainted
# mine-free copies of its positives (FP column).
_base_ = '../_base_/resnet18-w32-abmil_1xb8-1500i_landmine-168x128.py'
