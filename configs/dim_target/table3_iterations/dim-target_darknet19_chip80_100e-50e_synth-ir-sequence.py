# Table 3: the iterative training of DarkNet-19 on 80x80 chips, run by
#   python tools/curation/dim_target_iterate.py \
#       configs/dim_target/table3_iterations/dim-target_darknet19_chip80_100e-50e_synth-ir-sequence.py \
#       --work-dir work_dirs/dim_target_table3 --pool annotations/pool.json \
#       --oracle annotations/pool.json --iterations 6 \
#       --first-epochs 100 --epochs 50
# (100 epochs first, then 50 per iteration, each fine-tuning the last
# weights of the one before on the next annotation version.)
_base_ = '../dim-target_darknet19_chip80_100e_synth-ir-sequence.py'
