/**
 * The configuration of generators and discriminators under the official option names, with the official defaults
 * and merging of given options. Plain data: depends on nothing but Jackson.
 */
package dev.fpa.trainer.model.config;
