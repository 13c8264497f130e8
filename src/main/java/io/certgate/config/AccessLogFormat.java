package io.certgate.config;

/** The format of the access log file. */
public enum AccessLogFormat {
    /** W3C extended log format, as IIS writes it (readable by Log Parser and GoAccess). */
    W3C,
    /** One JSON object per line. */
    JSON
}
