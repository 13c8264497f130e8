/**
 * Wiring only: builds the runtime from a configuration (certificates, trust, CRLs and TLS
 * contexts per site), binds the listeners (and the admin listener), lists the handlers of each
 * pipeline in order, and swaps in a new runtime on reload (SIGHUP, a changed file) while open
 * connections keep theirs. No policy lives here.
 */
package io.certgate.server;
