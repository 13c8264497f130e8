/**
 * Wiring only: builds the runtime from a configuration (certificates, trust, CRLs and TLS
 * contexts per site), binds the listeners, and lists the handlers of each pipeline in order.
 * No policy lives here.
 */
package io.certgate.server;
