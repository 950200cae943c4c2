/**
 * GAN training as the official code does it (losses, gradient penalty, DiffAugment, Adam, EMA), runs that start,
 * resume and recover, checkpoints of the whole training state, metrics, plots, sample grids, FID during training,
 * the classifier training and the training benchmark.
 */
package dev.fpa.trainer.train;
