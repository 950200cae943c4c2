/**
 * Building generators from their configuration ({@code GeneratorFactory}), running a checkpoint's generator
 * ({@code CheckpointGenerator}) and the Fashion-MNIST feature classifier. Depends on the model families below it
 * and on the checkpoint format.
 */
package dev.fpa.trainer.model;
