package io.certgate.config;

/** The format of the connection log file. */
public enum ConnectionLogFormat {
    /** One JSON object per line, one line per TLS connection. */
    JSON
}
