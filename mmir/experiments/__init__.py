"""Experiment machinery shared by the methods: ablation grids, stratified
k-fold cross-validation, plots. Imports no toolbox at module level."""
