/**
 * Images on the host: decoding PNG and JPEG with a pixel limit read from the header, folders of images with
 * unreadable files skipped and named, encoding, grids, painting strips, animated GIFs and the resizes the official
 * code uses. Depends only on {@code runtime.io}.
 */
package dev.fpa.runtime.image;
