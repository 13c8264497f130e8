package io.certgate.config;

/** How much an error page says. */
public enum ErrorDetail {
    /** Status, substatus, reason and a sentence saying exactly what was wrong. */
    DETAILED,
    /** Status, substatus and reason only. */
    TERSE
}
