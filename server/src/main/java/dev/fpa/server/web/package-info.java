/** For people and browsers: the model list, images and paintings as PNG/GIF, painting events, the demo page. */
package dev.fpa.server.web;
