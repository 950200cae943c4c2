/** HTTP plumbing on the JDK's server: replies and errors as JSON, query parameters, the access log, metrics. */
package dev.fpa.server.http;
