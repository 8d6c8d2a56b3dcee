"""Inference of the mmpretrain methods on a user's own inputs."""

from .csv_predict import predict_csv, submission_csv

__all__ = ['predict_csv', 'submission_csv']
