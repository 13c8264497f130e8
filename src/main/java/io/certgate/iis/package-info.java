/**
 * Converts an IIS {@code applicationHost.config} into a certgate.yaml: sites and their https
 * bindings, {@code access sslFlags} per location, {@code iisClientCertificateMappingAuthentication}
 * (one-to-one and many-to-one mappings) and {@code clientCertificateMappingAuthentication} (the
 * Active Directory mapper). Reads a file the operator names; never the network, never a secret
 * (passwords in the file are not copied). Used by {@code certgate import-iis} only.
 */
package io.certgate.iis;
